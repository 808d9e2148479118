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

export interface LastAccessedResult {
  lastAccessed: Record<string, PrincipalLastAccessed>;
  warnings: string[];
}

/**
 * Service and action last-accessed data per principal: one GenerateServiceLastAccessedDetails job
 * (ACTION_LEVEL granularity) per ARN, polled until done, with all result pages
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_last-accessed.html).
 * Optional evidence: a failure never fails the collection. When the first job cannot even start
 * (an emulator without the API, or no permission), the rest are not tried and one warning says why.
 */
export async function fetchLastAccessed(
  iam: Pick<IAMClient, "send">,
  arns: readonly string[],
  options: PollOptions & { concurrency?: number } = {},
): Promise<LastAccessedResult> {
  const result: LastAccessedResult = { lastAccessed: {}, warnings: [] };
  if (arns.length === 0) return result;
  const [first, ...rest] = arns as [string, ...string[]];
  let firstJob: string;
  try {
    firstJob = await startJob(iam, first);
  } catch (error) {
    const why = isNotImplemented(error) ? "the endpoint does not implement it" : describeAwsError(error);
    result.warnings.push(
      `service last-accessed data is unavailable (iam:GenerateServiceLastAccessedDetails: ${why}); usage findings rely on other evidence`,
    );
    return result;
  }
  const collect = async (arn: string, jobId?: string) => {
    try {
      result.lastAccessed[arn] = await waitForJob(iam, jobId ?? (await startJob(iam, arn)), options);
    } catch (error) {
      result.warnings.push(`no service last-accessed data for ${arn}: ${describeAwsError(error)}`);
    }
  };
  await collect(first, firstJob);
  await boundedMap(rest, options.concurrency ?? 4, (arn) => collect(arn));
  return result;
}

async function startJob(iam: Pick<IAMClient, "send">, arn: string): Promise<string> {
  const started = await iam.send(
    new GenerateServiceLastAccessedDetailsCommand({ Arn: arn, Granularity: "ACTION_LEVEL" }),
  );
  if (!started.JobId) throw new Error("GenerateServiceLastAccessedDetails returned no JobId");
  return started.JobId;
}

async function waitForJob(
  iam: Pick<IAMClient, "send">,
  jobId: string,
  options: PollOptions,
): Promise<PrincipalLastAccessed> {
  const { intervalMs = 1000, timeoutMs = 300_000, sleep = (ms: number) => delay(ms) } = options;
  let waited = 0;
  let page = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: jobId }));
  while (page.JobStatus === "IN_PROGRESS") {
    if (waited >= timeoutMs) throw new Error(`job ${jobId} still in progress after ${timeoutMs / 1000} s`);
    await sleep(intervalMs);
    waited += intervalMs;
    page = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: jobId }));
  }
  if (page.JobStatus === "FAILED")
    throw new Error(`job ${jobId} failed: ${page.Error?.Message ?? "no reason given"}`);
  const services = [...(page.ServicesLastAccessed ?? [])];
  let next: GetServiceLastAccessedDetailsCommandOutput = page;
  while (next.IsTruncated && next.Marker) {
    next = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: jobId, Marker: next.Marker }));
    services.push(...(next.ServicesLastAccessed ?? []));
  }
  const { $metadata: _, ...response } = page;
  return readServiceLastAccessed({ ...response, ServicesLastAccessed: services, IsTruncated: false });
}
