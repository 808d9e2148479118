import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { ReportFinding } from "../../engine/report/schema.js";
import { type BatchRetryOptions, batchPutAll } from "./batch-write.js";
import {
  awsErrorName,
  InvalidPageTokenError,
  isConditionalFailure,
  RunConflictError,
  storeError,
} from "./errors.js";
import { applyRun } from "./finding-lifecycle.js";
import {
  decodePageToken,
  encodePageToken,
  GSI_BY_STATUS,
  IDEMPOTENCY_TTL_SECONDS,
  idempotencyKey,
  latestKey,
  runFindingKey,
  runKey,
  severityPrefix,
  statusPartition,
  toRunRecord,
  toStoredFinding,
} from "./table-keys.js";
import type {
  FindingQuery,
  FindingStore,
  LifecycleResult,
  NewRun,
  Page,
  RunCounts,
  RunRecord,
  RunRef,
  StoredFinding,
} from "./types.js";

export interface DynamoFindingStoreOptions {
  doc: Pick<DynamoDBDocumentClient, "send">;
  table: string;
  /** Conditional writes in flight while applying a run. */
  concurrency?: number;
  batch?: BatchRetryOptions;
}

/** Runs and the findings lifecycle in one DynamoDB table; the key design is in table-keys.ts. */
export class DynamoFindingStore implements FindingStore {
  private readonly doc: Pick<DynamoDBDocumentClient, "send">;
  private readonly table: string;

  constructor(private readonly options: DynamoFindingStoreOptions) {
    this.doc = options.doc;
    this.table = options.table;
  }

  async createRun(run: NewRun, key?: string): Promise<{ runId: string; created: boolean }> {
    const runItem = { ...runKey(run.runId), ...run, status: "RUNNING" };
    const onlyNew = { ConditionExpression: "attribute_not_exists(pk)" };
    const expiresAt = Math.floor(Date.parse(run.startedAt) / 1000) + IDEMPOTENCY_TTL_SECONDS;
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName: this.table, Item: runItem, ...onlyNew } },
            ...(key
              ? [
                  {
                    Put: {
                      TableName: this.table,
                      Item: { ...idempotencyKey(key), runId: run.runId, expiresAt },
                      ...onlyNew,
                    },
                  },
                ]
              : []),
          ],
        }),
      );
      return { runId: run.runId, created: true };
    } catch (error) {
      if (!key || awsErrorName(error) !== "TransactionCanceledException")
        throw storeError("dynamodb:TransactWriteItems run", error);
    }
    const existing = await this.get(idempotencyKey(key), "idempotency key");
    if (!existing) throw new RunConflictError(`run ${run.runId} could not be created`);
    return { runId: String(existing.runId), created: false };
  }

  async startRun(run: NewRun): Promise<RunRecord> {
    try {
      const output = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: runKey(run.runId),
          UpdateExpression: `SET #status = :running, runId = :runId, startedAt = if_not_exists(startedAt, :startedAt), #trigger = if_not_exists(#trigger, :trigger)${run.accountId ? ", accountId = :accountId" : ""}`,
          ConditionExpression: "attribute_not_exists(pk) OR #status = :running",
          ExpressionAttributeNames: { "#status": "status", "#trigger": "trigger" },
          ExpressionAttributeValues: {
            ":running": "RUNNING",
            ":runId": run.runId,
            ":startedAt": run.startedAt,
            ":trigger": run.trigger,
            ...(run.accountId ? { ":accountId": run.accountId } : {}),
          },
          ReturnValues: "ALL_NEW",
        }),
      );
      return toRunRecord(output.Attributes ?? {});
    } catch (error) {
      if (isConditionalFailure(error))
        throw new RunConflictError(`run ${run.runId} has already finished`, { cause: error });
      throw storeError("dynamodb:UpdateItem start run", error);
    }
  }

  completeRun(runId: string, accountId: string, counts: RunCounts, finishedAt: string): Promise<void> {
    return this.finish(runId, "SUCCEEDED", finishedAt, { accountId, counts });
  }

  failRun(runId: string, error: string, finishedAt: string): Promise<void> {
    return this.finish(runId, "FAILED", finishedAt, { error });
  }

  async getRun(runId: string): Promise<RunRecord | undefined> {
    const item = await this.get(runKey(runId), "run");
    return item ? toRunRecord(item) : undefined;
  }

  async recordFindings(
    run: RunRef & { startedAt: string },
    findings: readonly ReportFinding[],
  ): Promise<LifecycleResult> {
    // What this run saw, immutable and written by this run alone: unconditional batch puts suffice.
    const rows = findings.map((f) => ({
      ...runFindingKey(run.runId, f.id),
      id: f.id,
      kind: f.kind,
      severity: f.severity,
      title: f.title,
      ...(f.principalArn ? { principalArn: f.principalArn } : {}),
      suppressed: f.suppressed !== undefined,
    }));
    await batchPutAll(this.doc, this.table, rows, this.options.batch);
    return applyRun(
      { doc: this.doc, table: this.table, concurrency: this.options.concurrency ?? 8 },
      run,
      findings,
    );
  }

  async queryFindings(query: FindingQuery): Promise<Page<StoredFinding>> {
    const start = query.nextToken === undefined ? undefined : decodePageToken(query.nextToken);
    if (query.nextToken !== undefined && !start)
      throw new InvalidPageTokenError("nextToken is not a token this API issued");
    const filters: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ":gpk": statusPartition(query.accountId, query.status) };
    let keyCondition = "gsi1pk = :gpk";
    if (query.severity) {
      keyCondition += " AND begins_with(gsi1sk, :severity)";
      values[":severity"] = severityPrefix(query.severity);
    }
    if (query.kind) {
      filters.push("#kind = :kind");
      names["#kind"] = "kind";
      values[":kind"] = query.kind;
    }
    if (query.principalArn) {
      filters.push("principalArn = :principal");
      values[":principal"] = query.principalArn;
    }
    try {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: GSI_BY_STATUS,
          KeyConditionExpression: keyCondition,
          ...(filters.length ? { FilterExpression: filters.join(" AND ") } : {}),
          ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
          ExpressionAttributeValues: values,
          Limit: query.limit ?? 50,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      const nextToken = encodePageToken(page.LastEvaluatedKey);
      return { items: (page.Items ?? []).map(toStoredFinding), ...(nextToken ? { nextToken } : {}) };
    } catch (error) {
      // A token for another filter set names a key outside this query's partition.
      if (awsErrorName(error) === "ValidationException" && start)
        throw new InvalidPageTokenError("nextToken does not belong to this query", { cause: error });
      throw storeError("dynamodb:Query findings", error);
    }
  }

  async latestRun(accountId: string): Promise<string | undefined> {
    const item = await this.get(latestKey(accountId), "latest run");
    return item ? String(item.runId) : undefined;
  }

  private async finish(
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
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: runKey(runId),
          UpdateExpression: `SET ${sets.join(", ")}`,
          ConditionExpression: "#status = :running",
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      if (isConditionalFailure(error))
        throw new RunConflictError(`run ${runId} is not running`, { cause: error });
      throw storeError(`dynamodb:UpdateItem ${status} run`, error);
    }
  }

  private async get(
    key: { pk: string; sk: string },
    what: string,
  ): Promise<Record<string, unknown> | undefined> {
    try {
      return (await this.doc.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true })))
        .Item;
    } catch (error) {
      throw storeError(`dynamodb:GetItem ${what}`, error);
    }
  }
}
