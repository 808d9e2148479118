import { BatchWriteCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { storeError, UnprocessedItemsError } from "./errors.js";

export interface BatchRetryOptions {
  maxAttempts?: number;
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

type WriteRequest = { PutRequest: { Item: Record<string, unknown> } };

/** BatchWriteItem takes at most 25 requests per call. */
const BATCH_SIZE = 25;

/**
 * Puts every item with BatchWriteItem. A batch may come back partly unprocessed (throttling, a busy
 * partition) without any error: those items are resent with exponential backoff and jitter, as the
 * DynamoDB guide asks, and only an exhausted budget is an error.
 */
export async function batchPutAll(
  doc: Pick<DynamoDBDocumentClient, "send">,
  table: string,
  items: readonly Record<string, unknown>[],
  options: BatchRetryOptions = {},
): Promise<void> {
  const { maxAttempts = 8, baseDelayMs = 50 } = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let start = 0; start < items.length; start += BATCH_SIZE) {
    let pending: WriteRequest[] = items
      .slice(start, start + BATCH_SIZE)
      .map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > maxAttempts)
        throw new UnprocessedItemsError(
          `${pending.length} items still unprocessed after ${maxAttempts} attempts`,
        );
      if (attempt > 1) await sleep(Math.random() * baseDelayMs * 2 ** (attempt - 2));
      try {
        const output = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
        pending = (output.UnprocessedItems?.[table] ?? []) as WriteRequest[];
      } catch (error) {
        throw storeError("dynamodb:BatchWriteItem", error);
      }
    }
  }
}
