import type { Context, EventBridgeEvent } from "aws-lambda";
import { RunConflictError } from "../core/aws/stores/index.js";
import { lambda, logger } from "./middleware.js";
import { defaultRuntime, type Runtime } from "./runtime.js";

type StatusChange = EventBridgeEvent<
  "Step Functions Execution Status Change",
  { executionArn: string; name: string; status: string; error?: string | null; cause?: string | null }
>;

/**
 * An execution that timed out or was aborted never reaches its own Catch; EventBridge reports its
 * end here and the run is recorded FAILED with that reason. A run that already finished is left alone.
 */
export function createExecutionEndedHandler(runtime: () => Runtime) {
  return lambda(async (event: StatusChange, _context: Context) => {
    const rt = runtime();
    const { executionArn, name, status, error, cause } = event.detail;
    const reason = `Execution${status === "TIMED_OUT" ? "TimedOut" : status === "ABORTED" ? "Aborted" : "Failed"}: ${error ?? status}${cause ? ` (${cause})` : ""}`;
    try {
      await rt.findings.failRun(name, reason.slice(0, 2000), rt.clock().toISOString(), {
        claim: executionArn,
      });
      logger.warn("run recorded FAILED after its execution ended", { runId: name, status });
    } catch (failure) {
      if (!(failure instanceof RunConflictError)) throw failure;
    }
  });
}

export const handler = createExecutionEndedHandler(defaultRuntime);
