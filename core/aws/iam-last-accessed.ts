import { setTimeout as delay } from "node:timers/promises";
import {
  GenerateServiceLastAccessedDetailsCommand,
  GetServiceLastAccessedDetailsCommand,
  type GetServiceLastAccessedDetailsCommandOutput,
  type IAMClient,
} from "@aws-sdk/client-iam";
import { readServiceLastAccessed } from "../engine/snapshot/last-accessed.js";
import type { PrincipalLastAccessed } from "../engine/snapshot/model.js";
import { boundedMap } from "../node/concurrency.js";
import type { PollOptions } from "./iam-credential-report.js";
import { describeAwsError, isNotImplemented } from "./iam-errors.js";
import { pageTokens } from "./page-tokens.js";

type Iam = Pick<IAMClient, "send">;

export interface LastAccessedResult {
  lastAccessed: Record<string, PrincipalLastAccessed>;
  warnings: string[];
}

export interface LastAccessedJobs {
  /** The job of each principal ARN whose job started. */
  jobs: Record<string, string>;
  warnings: string[];
}

/**
 * Starts one GenerateServiceLastAccessedDetails job (ACTION_LEVEL granularity) per ARN
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_last-accessed.html). Optional
 * evidence: a failure never fails the collection. When the first job cannot even start (an emulator
 * without the API, or no permission), the rest are not tried and one warning says why.
 */
export async function startLastAccessedJobs(
  iam: Iam,
  arns: readonly string[],
  concurrency = 4,
): Promise<LastAccessedJobs> {
  const result: LastAccessedJobs = { jobs: {}, warnings: [] };
  const [first, ...rest] = arns;
  if (first === undefined) return result;
  try {
    result.jobs[first] = await startJob(iam, first);
  } catch (error) {
    const why = isNotImplemented(error) ? "the endpoint does not implement it" : describeAwsError(error);
    result.warnings.push(
      `service last-accessed data is unavailable (iam:GenerateServiceLastAccessedDetails: ${why}); usage findings rely on other evidence`,
    );
    return result;
  }
  await boundedMap(rest, concurrency, async (arn) => {
    try {
      result.jobs[arn] = await startJob(iam, arn);
    } catch (error) {
      result.warnings.push(`no service last-accessed data for ${arn}: ${describeAwsError(error)}`);
    }
  });
  return result;
}

/** One look at a job: undefined while it runs, else its whole result (every page). A failed job throws. */
export async function readLastAccessedJob(
  iam: Iam,
  jobId: string,
): Promise<PrincipalLastAccessed | undefined> {
  const page = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: jobId }));
  if (page.JobStatus === "IN_PROGRESS") return undefined;
  if (page.JobStatus === "FAILED")
    throw new Error(`job ${jobId} failed: ${page.Error?.Message ?? "no reason given"}`);
  const services = [...(page.ServicesLastAccessed ?? [])];
  const tokens = pageTokens("GetServiceLastAccessedDetails");
  let next: GetServiceLastAccessedDetailsCommandOutput = page;
  while (tokens(next.IsTruncated ? next.Marker : undefined, next.IsTruncated)) {
    next = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: jobId, Marker: next.Marker }));
    services.push(...(next.ServicesLastAccessed ?? []));
  }
  const { $metadata: _, ...response } = page;
  return readServiceLastAccessed({ ...response, ServicesLastAccessed: services, IsTruncated: false });
}

/**
 * Service and action last-accessed data per principal, in one call: the jobs started, then each
 * polled until done (the CLI's way; a deployed run starts and collects them in separate states).
 */
export async function fetchLastAccessed(
  iam: Iam,
  arns: readonly string[],
  options: PollOptions & { concurrency?: number } = {},
): Promise<LastAccessedResult> {
  const { jobs, warnings } = await startLastAccessedJobs(iam, arns, options.concurrency ?? 4);
  const result: LastAccessedResult = { lastAccessed: {}, warnings };
  await boundedMap(Object.entries(jobs), options.concurrency ?? 4, async ([arn, jobId]) => {
    try {
      result.lastAccessed[arn] = await waitForJob(iam, jobId, options);
    } catch (error) {
      result.warnings.push(`no service last-accessed data for ${arn}: ${describeAwsError(error)}`);
    }
  });
  return result;
}

async function startJob(iam: Iam, arn: string): Promise<string> {
  const started = await iam.send(
    new GenerateServiceLastAccessedDetailsCommand({ Arn: arn, Granularity: "ACTION_LEVEL" }),
  );
  if (!started.JobId) throw new Error("GenerateServiceLastAccessedDetails returned no JobId");
  return started.JobId;
}

async function waitForJob(iam: Iam, jobId: string, options: PollOptions): Promise<PrincipalLastAccessed> {
  const { intervalMs = 1000, timeoutMs = 300_000, sleep = (ms: number) => delay(ms) } = options;
  let waited = 0;
  for (;;) {
    const done = await readLastAccessedJob(iam, jobId);
    if (done) return done;
    if (waited >= timeoutMs) throw new Error(`job ${jobId} still in progress after ${timeoutMs / 1000} s`);
    await sleep(intervalMs);
    waited += intervalMs;
  }
}
