import { MetricUnit } from "@aws-lambda-powertools/metrics";
import type { LifecycleResult, RunCounts, RunTrigger } from "../core/aws/stores/index.js";
import { runAudit } from "../core/engine/audit.js";
import type { Report } from "../core/engine/report/schema.js";
import { logger, metrics } from "./middleware.js";
import type { AccountClients, Runtime } from "./runtime.js";
import { liveSources } from "./sources.js";

export interface AuditJob {
  runId: string;
  trigger: RunTrigger;
  /** Audit this member account (org mode); absent: the function's own account. */
  accountId?: string;
  days?: number;
}

export type AuditOutcome =
  | { status: "SUCCEEDED"; report: Report; lifecycle: LifecycleResult }
  | { status: "FAILED"; error: string };

/**
 * One recorded audit: RUNNING → runAudit → report (manifest last) → findings lifecycle → SUCCEEDED.
 * Any failure marks the run FAILED with its error; the report is then never complete, because its
 * manifest is only written after every part. A failure to record the failure itself is thrown.
 */
export async function executeAudit(
  runtime: Runtime,
  job: AuditJob,
  /** Connects to the audited account once the run is recorded, so a failed AssumeRole fails the run. */
  connect: () => Promise<AccountClients>,
  /** Who runs it (an invocation, an execution): a second claimant of the same run is refused. */
  claim: string,
): Promise<AuditOutcome> {
  const { findings, reports, config } = runtime;
  const started = runtime.clock();
  const run = await findings.startRun(
    {
      runId: job.runId,
      trigger: job.trigger,
      startedAt: started.toISOString(),
      deadlineAt: new Date(started.getTime() + config.runTimeoutMinutes * 60_000).toISOString(),
      ...(job.accountId ? { accountId: job.accountId } : {}),
    },
    claim,
  );
  try {
    const account = await connect();
    const report = await runAudit(liveSources(runtime, account, job.accountId), {
      catalog: runtime.catalog(),
      now: started,
      days: job.days ?? config.days,
      config: config.audit,
      version: config.version,
    });
    await reports.putReport(job.runId, report);
    const lifecycle = await findings.recordFindings(
      { accountId: report.accountId, runId: job.runId, startedAt: run.startedAt },
      report.findings,
    );
    await findings.completeRun(job.runId, report.accountId, counts(report), runtime.clock().toISOString());
    record(report, runtime.clock().getTime() - started.getTime());
    logger.info("audit succeeded", { runId: job.runId, accountId: report.accountId, ...lifecycle });
    return { status: "SUCCEEDED", report, lifecycle };
  } catch (cause) {
    const error = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    logger.error("audit failed", { runId: job.runId, error: cause as Error });
    metrics.addMetric("AuditsFailed", MetricUnit.Count, 1);
    await findings.failRun(job.runId, error, runtime.clock().toISOString());
    return { status: "FAILED", error };
  }
}

function counts(report: Report): RunCounts {
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
