import { describeAwsError } from "../../core/aws/iam-errors.js";
import { readLastAccessedJob, startLastAccessedJobs } from "../../core/aws/iam-last-accessed.js";
import type { PrincipalLastAccessed } from "../../core/engine/snapshot/model.js";
import { deserializeSnapshot, serializeSnapshot } from "../../core/engine/snapshot/serialize.js";
import { boundedMap } from "../../core/node/concurrency.js";
import { connect } from "../member-account.js";
import type { Runtime } from "../runtime.js";
import { SNAPSHOT } from "./audit-steps.js";
import type { RunState } from "./run-state.js";

const JOBS = "last-accessed.json";

/** IAM finishes a job in seconds to minutes; one still running after this is given up with a warning. */
export const JOB_LIMIT_MINUTES = 20;

interface Progress {
  startedAt: string;
  /** Jobs not collected yet, by principal ARN. */
  jobs: Record<string, string>;
  results: Record<string, PrincipalLastAccessed>;
  warnings: string[];
}

/** What the state machine's loop reads: jobs still running (0: go on to the audit). */
export interface LastAccessedProgress {
  pending: number;
}

/**
 * The StartLastAccessed state: one GenerateServiceLastAccessedDetails job per principal of the
 * stored snapshot, their ids kept in the run's work data. Nothing waits here: the state machine
 * waits, then CollectLastAccessed reads them. Retrying starts fresh jobs, which is harmless.
 */
export async function startLastAccessed(rt: Runtime, run: RunState): Promise<LastAccessedProgress> {
  const progress: Progress = { startedAt: rt.clock().toISOString(), jobs: {}, results: {}, warnings: [] };
  if (rt.collector?.lastAccessed !== false) {
    const snapshot = deserializeSnapshot(await rt.reports.getWork(run.runId, SNAPSHOT), SNAPSHOT);
    const arns = [...snapshot.users, ...snapshot.groups, ...snapshot.roles].map((p) => p.arn);
    const account = await connect(rt, run);
    Object.assign(progress, await startLastAccessedJobs(account.iam, arns, rt.collector?.concurrency ?? 4));
  }
  return save(rt, run, progress);
}

/**
 * The CollectLastAccessed state: one look at each job still running, keeping what finished. When
 * none is left (finished, failed, or past JOB_LIMIT_MINUTES), the results and their warnings go
 * into the stored snapshot. Idempotent: a retry looks again, and merging twice changes nothing.
 */
export async function collectLastAccessed(rt: Runtime, run: RunState): Promise<LastAccessedProgress> {
  const progress = JSON.parse(await rt.reports.getWork(run.runId, JOBS)) as Progress;
  const account = await connect(rt, run);
  await boundedMap(Object.entries(progress.jobs), rt.collector?.concurrency ?? 4, async ([arn, jobId]) => {
    try {
      const done = await readLastAccessedJob(account.iam, jobId);
      if (!done) return;
      progress.results[arn] = done;
    } catch (error) {
      progress.warnings.push(`no service last-accessed data for ${arn}: ${describeAwsError(error)}`);
    }
    delete progress.jobs[arn];
  });
  const late = rt.clock().getTime() - Date.parse(progress.startedAt) > JOB_LIMIT_MINUTES * 60_000;
  for (const [arn, jobId] of late ? Object.entries(progress.jobs) : []) {
    progress.warnings.push(
      `no service last-accessed data for ${arn}: job ${jobId} still in progress after ${JOB_LIMIT_MINUTES} minutes`,
    );
    delete progress.jobs[arn];
  }
  return save(rt, run, progress);
}

async function merge(rt: Runtime, run: RunState, progress: Progress): Promise<void> {
  const snapshot = deserializeSnapshot(await rt.reports.getWork(run.runId, SNAPSHOT), SNAPSHOT);
  const warnings = [...new Set([...snapshot.warnings, ...progress.warnings])];
  const merged = { ...snapshot, lastAccessed: { ...snapshot.lastAccessed, ...progress.results }, warnings };
  await rt.reports.putWork(run.runId, SNAPSHOT, serializeSnapshot(merged));
}

/** Keeps the progress; with no job left, completes the snapshot (start may have none to begin with). */
async function save(rt: Runtime, run: RunState, progress: Progress): Promise<LastAccessedProgress> {
  const pending = Object.keys(progress.jobs).length;
  await rt.reports.putWork(run.runId, JOBS, JSON.stringify(progress));
  if (pending === 0) await merge(rt, run, progress);
  return { pending };
}
