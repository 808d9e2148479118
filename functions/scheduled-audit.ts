import { StartExecutionCommand } from "@aws-sdk/client-sfn";
import type { Context, ScheduledEvent } from "aws-lambda";
import { lambda, logger } from "./middleware.js";
import { defaultRuntime, type Runtime } from "./runtime.js";

/**
 * The EventBridge schedule starts one execution named by the event id, so a redelivered event cannot
 * start a second: the account's audit, or in org mode the organization's map over its accounts.
 */
export function createScheduledAuditHandler(runtime: () => Runtime) {
  return lambda(async (event: ScheduledEvent, _context: Context) => {
    const rt = runtime();
    if (rt.config.orgMode) {
      const stateMachineArn = rt.config.orgStateMachineArn;
      if (!stateMachineArn) throw new Error("org mode needs ORG_STATE_MACHINE_ARN");
      await rt.clients.sfn.send(new StartExecutionCommand({ stateMachineArn, name: event.id, input: "{}" }));
      logger.info("organization audit started", { execution: event.id });
      return { mode: "organization" as const, execution: event.id };
    }
    if (!rt.starter) throw new Error("the schedule needs STATE_MACHINE_ARN");
    await rt.starter.start({ runId: event.id, trigger: "schedule" });
    return { mode: "account" as const, runId: event.id };
  });
}

export const handler = createScheduledAuditHandler(defaultRuntime);
