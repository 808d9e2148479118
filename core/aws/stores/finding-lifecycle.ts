import { type DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { ReportFinding } from "../../engine/report/schema.js";
import { boundedMap } from "../../node/concurrency.js";
import { isConditionalFailure, storeError } from "./errors.js";
import {
  findingKey,
  GSI_BY_STATUS,
  headKey,
  runOrder,
  severitySortKey,
  statusPartition,
} from "./table-keys.js";
import type { FindingStatus, LifecycleResult, RunRef } from "./types.js";

type Doc = Pick<DynamoDBDocumentClient, "send">;
export interface LifecycleTarget {
  doc: Doc;
  table: string;
  concurrency: number;
}

/**
 * One successful run's effect on the account's findings. The run first takes the account's HEAD
 * (unless a newer run holds it); every finding it saw becomes (or stays) open or suppressed; then,
 * holding HEAD, it resolves every finding it did not see. Each write is conditional on run order and
 * records it (`lastOrder`), so whatever order overlapping runs finish in, each finding ends as the
 * newest run that touched it left it. A finding an older run wrote after the newer run's resolution
 * pass (a new one, or one it reopened) is handed to the newer run: resolved unless the newer run saw it.
 */
export async function applyRun(
  target: LifecycleTarget,
  run: RunRef & { startedAt: string },
  findings: readonly ReportFinding[],
): Promise<LifecycleResult> {
  const order = runOrder(run.startedAt, run.runId);
  const result: LifecycleResult = { seen: findings.length, resolved: 0, superseded: 0, latest: false };
  result.latest = await claimHead(target, run, order);
  const written: string[] = [];
  await boundedMap(findings, target.concurrency, async (finding) => {
    if (await upsertSeen(target, run, order, finding)) written.push(finding.id);
    else result.superseded++;
  });
  if (result.latest) {
    for (const status of ["open", "suppressed"] as const) {
      const stale = await unseenSince(target, run.accountId, status, order);
      await boundedMap(stale, target.concurrency, async (id) => {
        if (await resolve(target, run, order, id, status)) result.resolved++;
        else result.superseded++;
      });
    }
  }
  const head = await readHead(target, run.accountId);
  if (head && head.order > order) {
    result.latest = false;
    await boundedMap(written, target.concurrency, async (id) => {
      if (await handOver(target, run.accountId, order, head, id)) result.superseded++;
    });
  }
  return result;
}

async function upsertSeen(
  target: LifecycleTarget,
  run: RunRef & { startedAt: string },
  order: string,
  finding: ReportFinding,
): Promise<boolean> {
  const status: FindingStatus = finding.suppressed ? "suppressed" : "open";
  const values: Record<string, unknown> = {
    ":status": status,
    ":accountId": run.accountId,
    ":id": finding.id,
    ":kind": finding.kind,
    ":severity": finding.severity,
    ":title": finding.title,
    ":seen": run.startedAt,
    ":runId": run.runId,
    ":order": order,
    ":gpk": statusPartition(run.accountId, status),
    ":gsk": severitySortKey(finding.severity, finding.id),
  };
  const set = [
    "#status = :status",
    "accountId = :accountId",
    "id = :id",
    "kind = :kind",
    "severity = :severity",
    "title = :title",
    "firstSeen = if_not_exists(firstSeen, :seen)",
    "lastSeen = :seen",
    "runId = :runId",
    "lastOrder = :order",
    "gsi1pk = :gpk",
    "gsi1sk = :gsk",
  ];
  const remove = ["resolvedAt", "resolvedBy"];
  if (finding.principalArn) {
    set.push("principalArn = :principal");
    values[":principal"] = finding.principalArn;
  }
  if (finding.suppressed) {
    set.push("suppressedReason = :reason");
    values[":reason"] = finding.suppressed.reason;
  } else remove.push("suppressedReason");
  return conditional("UpdateItem finding", () =>
    target.doc.send(
      new UpdateCommand({
        TableName: target.table,
        Key: findingKey(run.accountId, finding.id),
        UpdateExpression: `SET ${set.join(", ")} REMOVE ${remove.join(", ")}`,
        ConditionExpression: "attribute_not_exists(pk) OR lastOrder <= :order",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: values,
      }),
    ),
  );
}

/** Takes the account's HEAD marker unless a newer run already holds it. */
function claimHead(target: LifecycleTarget, run: RunRef, order: string): Promise<boolean> {
  return conditional("UpdateItem head", () =>
    target.doc.send(
      new UpdateCommand({
        TableName: target.table,
        Key: headKey(run.accountId),
        UpdateExpression: "SET runId = :runId, #order = :order",
        ConditionExpression: "attribute_not_exists(#order) OR #order <= :order",
        ExpressionAttributeNames: { "#order": "order" },
        ExpressionAttributeValues: { ":runId": run.runId, ":order": order },
      }),
    ),
  );
}

interface Head {
  runId: string;
  order: string;
  startedAt: string;
}

async function readHead(target: LifecycleTarget, accountId: string): Promise<Head | undefined> {
  try {
    const { Item } = await target.doc.send(
      new GetCommand({ TableName: target.table, Key: headKey(accountId), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const order = String(Item.order);
    return { runId: String(Item.runId), order, startedAt: order.slice(0, order.indexOf("#")) };
  } catch (error) {
    throw storeError("dynamodb:GetItem head", error);
  }
}

/** Resolves, on the newer run's behalf, a finding this run wrote that no newer run has touched since. */
function handOver(
  target: LifecycleTarget,
  accountId: string,
  order: string,
  head: Head,
  id: string,
): Promise<boolean> {
  return conditional("UpdateItem hand over", () =>
    target.doc.send(
      new UpdateCommand({
        TableName: target.table,
        Key: findingKey(accountId, id),
        UpdateExpression:
          "SET #status = :resolved, resolvedAt = :at, resolvedBy = :runId, gsi1pk = :gpk, lastOrder = :head",
        ConditionExpression: "lastOrder = :order AND #status <> :resolved",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ":resolved": "resolved",
          ":at": head.startedAt,
          ":runId": head.runId,
          ":gpk": statusPartition(accountId, "resolved"),
          ":order": order,
          ":head": head.order,
        },
      }),
    ),
  );
}

async function unseenSince(
  target: LifecycleTarget,
  accountId: string,
  status: FindingStatus,
  order: string,
): Promise<string[]> {
  const ids: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    try {
      const page = await target.doc.send(
        new QueryCommand({
          TableName: target.table,
          IndexName: GSI_BY_STATUS,
          KeyConditionExpression: "gsi1pk = :gpk",
          FilterExpression: "lastOrder < :order",
          ExpressionAttributeValues: { ":gpk": statusPartition(accountId, status), ":order": order },
          ProjectionExpression: "id",
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of page.Items ?? []) ids.push(String(item.id));
      start = page.LastEvaluatedKey;
    } catch (error) {
      throw storeError("dynamodb:Query unseen findings", error);
    }
  } while (start);
  return ids;
}

function resolve(
  target: LifecycleTarget,
  run: RunRef & { startedAt: string },
  order: string,
  id: string,
  from: FindingStatus,
): Promise<boolean> {
  return conditional("UpdateItem resolve", () =>
    target.doc.send(
      new UpdateCommand({
        TableName: target.table,
        Key: findingKey(run.accountId, id),
        // The GSI sort key keeps its severity rank, so resolved findings list most severe first too.
        UpdateExpression:
          "SET #status = :resolved, resolvedAt = :at, resolvedBy = :runId, gsi1pk = :gpk, lastOrder = :order",
        ConditionExpression: "#status = :from AND lastOrder < :order",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ":resolved": "resolved",
          ":from": from,
          ":at": run.startedAt,
          ":runId": run.runId,
          ":order": order,
          ":gpk": statusPartition(run.accountId, "resolved"),
        },
      }),
    ),
  );
}

/** True when the write happened, false when its condition (run order) refused it. */
async function conditional(operation: string, write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (isConditionalFailure(error)) return false;
    throw storeError(`dynamodb:${operation}`, error);
  }
}
