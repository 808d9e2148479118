import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { RunConflictError } from "../core/aws/stores/index.js";
import { executeAudit } from "./audit-job.js";
import { memberAccountClients } from "./member-account.js";
import { auditMessageSchema } from "./messages.js";
import { lambda, logger } from "./middleware.js";
import { defaultRuntime, type Runtime } from "./runtime.js";

/**
 * The queue worker: one audit per message (POST /audits, or one account of an org fan-out). An audit
 * that fails is recorded FAILED on its run and the message is done; only a message whose outcome
 * could not be recorded is returned as a batch item failure, for redelivery and then the DLQ.
 */
export function createAuditWorkerHandler(runtime: () => Runtime) {
  return lambda(async (event: SQSEvent, _context: Context): Promise<SQSBatchResponse> => {
    const rt = runtime();
    const failures: SQSBatchResponse["batchItemFailures"] = [];
    for (const record of event.Records) {
      try {
        await audit(rt, record);
      } catch (error) {
        logger.error("message not processed", { messageId: record.messageId, error: error as Error });
        failures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures: failures };
  });
}

async function audit(rt: Runtime, record: SQSRecord): Promise<void> {
  const parsed = auditMessageSchema.safeParse(JSON.parse(record.body));
  if (!parsed.success) {
    logger.error("malformed audit message dropped", {
      messageId: record.messageId,
      issues: parsed.error.issues,
    });
    return;
  }
  const job = parsed.data;
  const connect = async () =>
    job.accountId && rt.config.orgMode ? memberAccountClients(rt, job.accountId, job.runId) : rt.clients;
  try {
    await executeAudit(rt, job, connect, record.messageId);
  } catch (error) {
    // A duplicate message for a run that is running or finished has nothing left to do.
    if (!(error instanceof RunConflictError)) throw error;
  }
}

export const handler = createAuditWorkerHandler(defaultRuntime);
