import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { IamSnapshotSource } from "../../core/aws/iam-collector.js";
import { OrganizationSnapshotSource } from "../../core/aws/organization-snapshot-source.js";
import { RunConflictError } from "../../core/aws/stores/index.js";
import { runAudit } from "../../core/engine/audit.js";
import type { Report } from "../../core/engine/report/schema.js";
import { deserializeSnapshot, serializeSnapshot } from "../../core/engine/snapshot/serialize.js";
import { connect } from "../member-account.js";
import { logger, metrics } from "../middleware.js";
import type { Runtime } from "../runtime.js";
import { activitySources, trailLogging } from "../sources.js";
import type { AuditResult, ExecutionInput, RunState } from "./run-state.js";

/** The run's snapshot in its work data: written by Snapshot, completed with last-accessed data, read by Audit. */
export const SNAPSHOT = "snapshot.json";

/**
 * The steps of one run, each idempotent so the state machine may retry it: re-recording with the
 * same execution, re-collecting a snapshot, rewriting a report (manifest last), re-applying findings
 * (conditional on run order) and completing a run already SUCCEEDED all leave the same state.
 */
export async function recordRun(
  rt: Runtime,
  runId: string,
  executionId: string,
  executionStart: string,
  input: ExecutionInput,
): Promise<RunState> {
  const deadline = new Date(Date.parse(executionStart) + rt.config.runTimeoutMinutes * 60_000);
  const run = await rt.findings.startRun(
    {
      runId,
      trigger: input.trigger,
      startedAt: executionStart,
      deadlineAt: deadline.toISOString(),
      ...(input.accountId ? { accountId: input.accountId } : {}),
    },
    executionId,
  );
  return { ...input, runId, startedAt: run.startedAt };
}

/**
 * The account's IAM state with the organization's SCPs and RCPs over it, read with the function's
 * own clients (only the management or delegated administrator account may read them); when they
 * cannot be read the snapshot carries a warning and their effect stays unknown.
 */
export async function collectSnapshot(rt: Runtime, run: RunState): Promise<void> {
  const account = await connect(rt, run);
  // Last-accessed jobs are started and collected by states of their own (steps/last-accessed.ts).
  // Collected by the run's own clock, as its window is: a snapshot later than the window makes no
  // recommendation (activity/grant-dates.ts).
  const collector = { clock: rt.clock, ...rt.collector, lastAccessed: false };
  const snapshot = await new OrganizationSnapshotSource(
    new IamSnapshotSource(account, collector, "live account"),
    rt.clients.organizations,
    run.accountId,
  ).load();
  await rt.reports.putWork(run.runId, SNAPSHOT, serializeSnapshot(snapshot));
}

/** The engine over the stored snapshot and the live activity; the report is complete once this returns. */
export async function auditAndReport(rt: Runtime, run: RunState): Promise<AuditResult> {
  const account = await connect(rt, run);
  const snapshot = deserializeSnapshot(await rt.reports.getWork(run.runId, SNAPSHOT), SNAPSHOT);
  const started = Date.parse(run.startedAt);
  const logging = await trailLogging(rt, account);
  const report = await runAudit(
    {
      snapshot: { description: "live account", load: async () => snapshot },
      activity: activitySources(rt, account, run, logging),
      ...(logging ? { logging } : {}),
    },
    {
      catalog: rt.catalog(),
      now: new Date(started),
      days: run.days ?? rt.config.days,
      config: rt.config.audit,
      version: rt.config.version,
    },
  );
  await rt.reports.putReport(run.runId, report);
  record(report, rt.clock().getTime() - started);
  return { accountId: report.accountId, counts: counts(report) };
}

export async function applyFindings(rt: Runtime, run: RunState, result: AuditResult): Promise<void> {
  const report = await rt.reports.getReport({ accountId: result.accountId, runId: run.runId });
  if (!report) throw new Error(`run ${run.runId} has no complete report to apply`);
  const lifecycle = await rt.findings.recordFindings(
    { accountId: result.accountId, runId: run.runId, startedAt: run.startedAt },
    report.findings,
  );
  logger.info("findings applied", { runId: run.runId, ...lifecycle });
}

export async function completeRun(rt: Runtime, run: RunState, result: AuditResult): Promise<void> {
  try {
    await rt.findings.completeRun(run.runId, result.accountId, result.counts, rt.clock().toISOString());
  } catch (error) {
    // A retried completion whose first attempt landed.
    if (!(error instanceof RunConflictError) || (await rt.findings.getRun(run.runId))?.status !== "SUCCEEDED")
      throw error;
  }
  logger.info("audit succeeded", { runId: run.runId, accountId: result.accountId });
}

/** The Catch of every state: the run is FAILED with the state's error, unless it already finished. */
export async function failRun(rt: Runtime, runId: string, executionId: string, error: string): Promise<void> {
  metrics.addMetric("AuditsFailed", MetricUnit.Count, 1);
  logger.error("audit failed", { runId, error });
  try {
    await rt.findings.failRun(runId, error, rt.clock().toISOString(), { claim: executionId });
  } catch (cause) {
    if (!(cause instanceof RunConflictError)) throw cause;
  }
}

function counts(report: Report): AuditResult["counts"] {
  const { findings, suppressed, principals, events } = report.summary;
  return { ...findings, suppressed, principals, events };
}

function record(report: Report, durationMs: number): void {
  metrics.addMetric("AuditDuration", MetricUnit.Milliseconds, durationMs);
  metrics.addMetric("EventsProcessed", MetricUnit.Count, report.summary.events);
  for (const [severity, count] of Object.entries(report.summary.findings)) {
    // One metric per severity dimension, published at once (a shared flush has one dimension set).
    const single = metrics.singleMetric();
    single.addDimension("severity", severity);
    single.addMetric("Findings", MetricUnit.Count, count);
  }
}
