import { type SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import type { ExecutionInput } from "./steps/run-state.js";

/** One run to start: its id becomes the execution's name, so a run id can never run twice. */
export type AuditRequest = ExecutionInput & { runId: string };

/** Hands a recorded run to whatever executes it; throws when it could not be handed over. */
export interface AuditStarter {
  start(request: AuditRequest): Promise<void>;
}

/**
 * Starts the run's state machine execution, named by the run id. Starting the same name with the
 * same input again is not an error (Step Functions answers with the existing execution), so a
 * caller that lost the first answer may simply retry.
 */
export function stateMachineStarter(sfn: Pick<SFNClient, "send">, stateMachineArn: string): AuditStarter {
  return {
    async start({ runId, ...input }) {
      await sfn.send(
        new StartExecutionCommand({ stateMachineArn, name: runId, input: JSON.stringify(input) }),
      );
    },
  };
}
