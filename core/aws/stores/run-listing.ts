import { BatchGetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { InvalidPageTokenError, storeError } from "./errors.js";
import type { RunTable } from "./run-records.js";
import {
  decodePageToken,
  encodePageToken,
  GSI_BY_STATUS,
  ORG_LATEST_PARTITION,
  runKey,
  runsPartition,
  toRunRecord,
} from "./table-keys.js";
import type { Page, RunRecord } from "./types.js";

export interface PageRequest {
  limit?: number;
  nextToken?: string;
}

/** One page of a GSI partition; a token from another partition is refused rather than misread. */
export async function queryPartition(
  t: RunTable,
  partition: string,
  page: PageRequest & { newestFirst?: boolean },
  what: string,
): Promise<Page<Record<string, unknown>>> {
  const start = page.nextToken === undefined ? undefined : decodePageToken(page.nextToken);
  if (page.nextToken !== undefined && start?.gsi1pk !== partition)
    throw new InvalidPageTokenError("nextToken does not belong to this query");
  try {
    const output = await t.doc.send(
      new QueryCommand({
        TableName: t.table,
        IndexName: GSI_BY_STATUS,
        KeyConditionExpression: "gsi1pk = :pk",
        ExpressionAttributeValues: { ":pk": partition },
        ScanIndexForward: !page.newestFirst,
        Limit: page.limit ?? 50,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    const nextToken = encodePageToken(output.LastEvaluatedKey);
    return { items: output.Items ?? [], ...(nextToken ? { nextToken } : {}) };
  } catch (error) {
    throw storeError(`dynamodb:Query ${what}`, error);
  }
}

/** An account's runs, newest first (by start); runs whose account was never known are not listed. */
export async function listRuns(t: RunTable, accountId: string, page: PageRequest): Promise<Page<RunRecord>> {
  const found = await queryPartition(t, runsPartition(accountId), { ...page, newestFirst: true }, "runs");
  return { ...found, items: found.items.map(toRunRecord) };
}

/** Every account's latest SUCCEEDED run, by account id. */
export async function listLatestRuns(t: RunTable, page: PageRequest): Promise<Page<RunRecord>> {
  const found = await queryPartition(t, ORG_LATEST_PARTITION, page, "latest runs");
  const runIds = found.items.map((item) => String(item.runId));
  const runs = await getRuns(t, runIds);
  // A LATEST item only exists once its run SUCCEEDED, so a missing run is a lost record: skipped.
  const items = runIds.flatMap((id) => runs.get(id) ?? []);
  return { items, ...(found.nextToken ? { nextToken: found.nextToken } : {}) };
}

/** Account ids with a successful run, in order: the organization's audited accounts. */
export async function listAuditedAccounts(t: RunTable, page: PageRequest): Promise<Page<string>> {
  const found = await queryPartition(t, ORG_LATEST_PARTITION, page, "audited accounts");
  return { ...found, items: found.items.map((item) => String(item.accountId)) };
}

async function getRuns(t: RunTable, runIds: string[]): Promise<Map<string, RunRecord>> {
  const out = new Map<string, RunRecord>();
  // BatchGetItem takes at most 100 keys; a page is at most 100 items.
  let keys: Record<string, unknown>[] = runIds.map(runKey);
  for (let attempt = 0; keys.length > 0; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
    if (attempt > 8) throw storeError("dynamodb:BatchGetItem runs", new Error("unprocessed keys remain"));
    try {
      const output = await t.doc.send(
        new BatchGetCommand({ RequestItems: { [t.table]: { Keys: keys, ConsistentRead: true } } }),
      );
      for (const item of output.Responses?.[t.table] ?? []) out.set(String(item.runId), toRunRecord(item));
      keys = output.UnprocessedKeys?.[t.table]?.Keys ?? [];
    } catch (error) {
      throw storeError("dynamodb:BatchGetItem runs", error);
    }
  }
  return out;
}
