import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import {
  awsErrorName,
  IdempotencyConflictError,
  isConditionalFailure,
  RunAlreadyStartedError,
  RunConflictError,
  storeError,
} from "./errors.js";
import {
  IDEMPOTENCY_TTL_SECONDS,
  idempotencyKey,
  latestKey,
  ORG_LATEST_PARTITION,
  runKey,
  runOrder,
  runsPartition,
  toRunRecord,
} from "./table-keys.js";
import type { IdempotencyRequest, NewRun, RunCounts, RunRecord } from "./types.js";

type Doc = Pick<DynamoDBDocumentClient, "send">;
export interface RunTable {
  doc: Doc;
  table: string;
}

/**
 * A run's record, the one thing callers poll. Every transition is conditional: RUNNING is left only
 * once (SUCCEEDED, or FAILED with a reason); a run is started by one claimant (its execution), so a
 * duplicate start cannot run it twice; LATEST moves in the same transaction that marks SUCCEEDED.
 */
export async function createRun(
  t: RunTable,
  run: NewRun,
  idempotency?: IdempotencyRequest,
): Promise<{ runId: string; created: boolean }> {
  const byAccount = run.accountId
    ? { gsi1pk: runsPartition(run.accountId), gsi1sk: runOrder(run.startedAt, run.runId) }
    : {};
  const runItem = { ...runKey(run.runId), ...byAccount, ...run, status: "RUNNING" };
  const onlyNew = { ConditionExpression: "attribute_not_exists(pk)" };
  const expiresAt = Math.floor(Date.parse(run.startedAt) / 1000) + IDEMPOTENCY_TTL_SECONDS;
  const keyItem = idempotency && {
    ...idempotencyKey(idempotency.key),
    runId: run.runId,
    fingerprint: idempotency.fingerprint,
    expiresAt,
  };
  try {
    await t.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: t.table, Item: runItem, ...onlyNew } },
          ...(keyItem ? [{ Put: { TableName: t.table, Item: keyItem, ...onlyNew } }] : []),
        ],
      }),
    );
    return { runId: run.runId, created: true };
  } catch (error) {
    if (!idempotency || awsErrorName(error) !== "TransactionCanceledException")
      throw storeError("dynamodb:TransactWriteItems run", error);
  }
  const existing = await get(t, idempotencyKey(idempotency.key), "idempotency key");
  if (!existing) throw new RunConflictError(`run ${run.runId} could not be created`);
  // A key from before fingerprints were recorded matches any request.
  if (existing.fingerprint !== undefined && existing.fingerprint !== idempotency.fingerprint)
    throw new IdempotencyConflictError(
      `Idempotency-Key ${idempotency.key} was used for run ${String(existing.runId)} with another request`,
    );
  return { runId: String(existing.runId), created: false };
}

/**
 * Marks a run RUNNING for its claimant (creating it if needed). The same claimant may start again
 * (a retried step); another one gets RunAlreadyStartedError. A run the API could not hand to its
 * executor is FAILED and never started: an execution that did start after all may still claim it.
 */
export async function startRun(t: RunTable, run: NewRun, claim: string): Promise<RunRecord> {
  const sets = [
    "#status = :running",
    "runId = :runId",
    "claimedBy = :claim",
    "startedAt = if_not_exists(startedAt, :startedAt)",
    "#trigger = if_not_exists(#trigger, :trigger)",
    // Listed under its account from now on; completeRun fixes the order to the stored startedAt.
    ...(run.accountId
      ? ["accountId = :accountId", "gsi1pk = :runs", "gsi1sk = if_not_exists(gsi1sk, :order)"]
      : []),
    ...(run.deadlineAt ? ["deadlineAt = if_not_exists(deadlineAt, :deadlineAt)"] : []),
  ];
  try {
    const output = await t.doc.send(
      new UpdateCommand({
        TableName: t.table,
        Key: runKey(run.runId),
        UpdateExpression: `SET ${sets.join(", ")} REMOVE neverStarted, #error, finishedAt`,
        ConditionExpression:
          "attribute_not_exists(pk) OR (#status = :running AND (attribute_not_exists(claimedBy) OR claimedBy = :claim)) OR (#status = :failed AND neverStarted = :yes)",
        ExpressionAttributeNames: { "#status": "status", "#trigger": "trigger", "#error": "error" },
        ExpressionAttributeValues: {
          ":running": "RUNNING",
          ":failed": "FAILED",
          ":yes": true,
          ":runId": run.runId,
          ":claim": claim,
          ":startedAt": run.startedAt,
          ":trigger": run.trigger,
          ...(run.accountId
            ? {
                ":accountId": run.accountId,
                ":runs": runsPartition(run.accountId),
                ":order": runOrder(run.startedAt, run.runId),
              }
            : {}),
          ...(run.deadlineAt ? { ":deadlineAt": run.deadlineAt } : {}),
        },
        ReturnValues: "ALL_NEW",
      }),
    );
    return toRunRecord(output.Attributes ?? {});
  } catch (error) {
    if (!isConditionalFailure(error)) throw storeError("dynamodb:UpdateItem start run", error);
    const current = await get(t, runKey(run.runId), "run");
    if (current?.status === "RUNNING")
      throw new RunAlreadyStartedError(
        `run ${run.runId} is already running under ${String(current.claimedBy)}`,
      );
    throw new RunConflictError(`run ${run.runId} has already finished`, { cause: error });
  }
}

/** Back to RUNNING, only for a run that failed before anything started it (its executor refused it). */
export async function restartRun(t: RunTable, runId: string): Promise<boolean> {
  try {
    await t.doc.send(
      new UpdateCommand({
        TableName: t.table,
        Key: runKey(runId),
        UpdateExpression: "SET #status = :running REMOVE neverStarted, #error, finishedAt",
        ConditionExpression: "#status = :failed AND neverStarted = :yes",
        ExpressionAttributeNames: { "#status": "status", "#error": "error" },
        ExpressionAttributeValues: { ":running": "RUNNING", ":failed": "FAILED", ":yes": true },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalFailure(error)) return false;
    throw storeError("dynamodb:UpdateItem restart run", error);
  }
}

/** SUCCEEDED with its counts, and the account's LATEST unless a newer successful run holds it. */
export async function completeRun(
  t: RunTable,
  runId: string,
  accountId: string,
  counts: RunCounts,
  finishedAt: string,
): Promise<void> {
  const current = await get(t, runKey(runId), "run");
  if (current?.status !== "RUNNING") throw new RunConflictError(`run ${runId} is not running`);
  const order = runOrder(String(current.startedAt), runId);
  const finish = finishUpdate(t, runId, "SUCCEEDED", finishedAt, {
    accountId,
    counts,
    gsi1pk: runsPartition(accountId),
    gsi1sk: order,
  });
  const latest = {
    TableName: t.table,
    Key: latestKey(accountId),
    UpdateExpression:
      "SET runId = :runId, #order = :order, accountId = :accountId, gsi1pk = :org, gsi1sk = :accountId",
    ConditionExpression: "attribute_not_exists(#order) OR #order <= :order",
    ExpressionAttributeNames: { "#order": "order" },
    ExpressionAttributeValues: {
      ":runId": runId,
      ":order": order,
      ":accountId": accountId,
      ":org": ORG_LATEST_PARTITION,
    },
  };
  try {
    await t.doc.send(new TransactWriteCommand({ TransactItems: [{ Update: finish }, { Update: latest }] }));
    return;
  } catch (error) {
    if (awsErrorName(error) !== "TransactionCanceledException")
      throw storeError("dynamodb:TransactWriteItems complete run", error);
  }
  // Cancelled: either the run is no longer RUNNING, or a newer successful run is LATEST already.
  await sendFinish(t, finish, runId);
}

export async function failRun(
  t: RunTable,
  runId: string,
  error: string,
  finishedAt: string,
  options: { neverStarted?: boolean; claim?: string } = {},
): Promise<void> {
  const fields = { error, ...(options.neverStarted ? { neverStarted: true } : {}) };
  const update = finishUpdate(t, runId, "FAILED", finishedAt, fields);
  if (options.claim) {
    // A failed duplicate must not fail the run its rightful claimant is running.
    update.ConditionExpression += " AND (attribute_not_exists(claimedBy) OR claimedBy = :claim)";
    update.ExpressionAttributeValues[":claim"] = options.claim;
  }
  await sendFinish(t, update, runId);
}

/** FAILED with the reason, when a RUNNING run is past its deadline; the run as it now stands. */
export async function expireRun(t: RunTable, runId: string, now: string): Promise<RunRecord | undefined> {
  try {
    await t.doc.send(
      new UpdateCommand({
        TableName: t.table,
        Key: runKey(runId),
        UpdateExpression: "SET #status = :failed, #error = :error, finishedAt = :now",
        ConditionExpression: "#status = :running AND deadlineAt < :now",
        ExpressionAttributeNames: { "#status": "status", "#error": "error" },
        ExpressionAttributeValues: {
          ":failed": "FAILED",
          ":running": "RUNNING",
          ":now": now,
          ":error": "DeadlineExceeded: the run did not finish before its deadline",
        },
      }),
    );
  } catch (error) {
    if (!isConditionalFailure(error)) throw storeError("dynamodb:UpdateItem expire run", error);
  }
  const item = await get(t, runKey(runId), "run");
  return item ? toRunRecord(item) : undefined;
}

function finishUpdate(
  t: RunTable,
  runId: string,
  status: "SUCCEEDED" | "FAILED",
  finishedAt: string,
  fields: Record<string, unknown>,
) {
  const names: Record<string, string> = { "#status": "status" };
  const values: Record<string, unknown> = {
    ":status": status,
    ":running": "RUNNING",
    ":finishedAt": finishedAt,
  };
  const sets = ["#status = :status", "finishedAt = :finishedAt"];
  for (const [field, value] of Object.entries(fields)) {
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    sets.push(`#${field} = :${field}`);
  }
  return {
    TableName: t.table,
    Key: runKey(runId),
    UpdateExpression: `SET ${sets.join(", ")}`,
    ConditionExpression: "#status = :running",
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

async function sendFinish(
  t: RunTable,
  update: ReturnType<typeof finishUpdate>,
  runId: string,
): Promise<void> {
  try {
    await t.doc.send(new UpdateCommand(update));
  } catch (error) {
    if (isConditionalFailure(error))
      throw new RunConflictError(`run ${runId} is not running`, { cause: error });
    throw storeError("dynamodb:UpdateItem finish run", error);
  }
}

export async function get(
  t: RunTable,
  key: { pk: string; sk: string },
  what: string,
): Promise<Record<string, unknown> | undefined> {
  try {
    return (await t.doc.send(new GetCommand({ TableName: t.table, Key: key, ConsistentRead: true }))).Item;
  } catch (error) {
    throw storeError(`dynamodb:GetItem ${what}`, error);
  }
}
