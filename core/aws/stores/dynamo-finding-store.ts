import { type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { ReportFinding } from "../../engine/report/schema.js";
import { type BatchRetryOptions, batchPutAll } from "./batch-write.js";
import { awsErrorName, InvalidPageTokenError, storeError } from "./errors.js";
import { applyRun } from "./finding-lifecycle.js";
import { type OrgFindingQuery, queryOrgFindings } from "./org-findings.js";
import { listLatestRuns, listRuns, type PageRequest } from "./run-listing.js";
import * as runs from "./run-records.js";
import {
  decodePageToken,
  encodePageToken,
  GSI_BY_STATUS,
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
  IdempotencyRequest,
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
  readonly doc: Pick<DynamoDBDocumentClient, "send">;
  readonly table: string;

  constructor(private readonly options: DynamoFindingStoreOptions) {
    this.doc = options.doc;
    this.table = options.table;
  }

  createRun(run: NewRun, idempotency?: IdempotencyRequest): Promise<{ runId: string; created: boolean }> {
    return runs.createRun(this, run, idempotency);
  }

  startRun(run: NewRun, claim: string): Promise<RunRecord> {
    return runs.startRun(this, run, claim);
  }

  restartRun(runId: string): Promise<boolean> {
    return runs.restartRun(this, runId);
  }

  completeRun(runId: string, accountId: string, counts: RunCounts, finishedAt: string): Promise<void> {
    return runs.completeRun(this, runId, accountId, counts, finishedAt);
  }

  failRun(
    runId: string,
    error: string,
    finishedAt: string,
    options?: { neverStarted?: boolean; claim?: string },
  ): Promise<void> {
    return runs.failRun(this, runId, error, finishedAt, options);
  }

  expireRun(runId: string, now: string): Promise<RunRecord | undefined> {
    return runs.expireRun(this, runId, now);
  }

  async getRun(runId: string): Promise<RunRecord | undefined> {
    const item = await runs.get(this, runKey(runId), "run");
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

  listRuns(accountId: string, page: PageRequest = {}): Promise<Page<RunRecord>> {
    return listRuns(this, accountId, page);
  }

  listLatestRuns(page: PageRequest = {}): Promise<Page<RunRecord>> {
    return listLatestRuns(this, page);
  }

  queryOrgFindings(query: OrgFindingQuery): Promise<Page<StoredFinding>> {
    return queryOrgFindings(this, (q) => this.queryFindings(q), query);
  }

  async latestRun(accountId: string): Promise<string | undefined> {
    const item = await runs.get(this, latestKey(accountId), "latest run");
    return item ? String(item.runId) : undefined;
  }
}
