import type { Context, ScheduledEvent } from "aws-lambda";
import { executeAudit } from "./audit-job.js";
import { lambda, logger } from "./middleware.js";
import { fanOutToAccounts } from "./org-fan-out.js";
import { defaultRuntime, type Runtime } from "./runtime.js";

/**
 * The EventBridge schedule. Single-account mode audits the function's own account, with the event id
 * as run id (so a redelivered event cannot start a second run); org mode queues one audit per account.
 * A failed audit is recorded on its run and then thrown, so the invocation counts as an error.
 */
export function createScheduledAuditHandler(runtime: () => Runtime) {
  return lambda(async (event: ScheduledEvent, context: Context) => {
    const rt = runtime();
    if (rt.config.orgMode) {
      const result = await fanOutToAccounts(rt);
      logger.info("organization audits queued", { queued: result.queued.length, failed: result.failed });
      if (result.failed.length > 0) throw new Error(`${result.failed.length} accounts could not be queued`);
      return { mode: "organization" as const, queued: result.queued.length };
    }
    const outcome = await executeAudit(
      rt,
      { runId: event.id, trigger: "schedule" },
      async () => rt.clients,
      context.awsRequestId,
    );
    if (outcome.status === "FAILED") throw new Error(`audit ${event.id} failed: ${outcome.error}`);
    return { mode: "account" as const, runId: event.id, findings: outcome.report.summary.findings };
  });
}

export const handler = createScheduledAuditHandler(defaultRuntime);
