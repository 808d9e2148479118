import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { AuditMessage } from "./messages.js";

/** Hands a recorded run to whatever executes it; throws when it could not be handed over. */
export interface AuditStarter {
  start(message: AuditMessage): Promise<void>;
}

/** The audit queue: the worker consumes one message per run. */
export function queueStarter(sqs: Pick<SQSClient, "send">, queueUrl: string): AuditStarter {
  return {
    async start(message) {
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }));
    },
  };
}
