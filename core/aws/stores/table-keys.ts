import { SEVERITIES } from "../../engine/findings/types.js";
import type { ReportFinding } from "../../engine/report/schema.js";
import type { FindingStatus, RunRecord, StoredFinding } from "./types.js";

/**
 * The one table's key design (single-table, string keys `pk`/`sk`, GSI `byStatus` on `gsi1pk`/`gsi1sk`):
 *
 * | item                         | pk                     | sk                 | gsi1pk                       | gsi1sk                   |
 * |------------------------------|------------------------|--------------------|------------------------------|--------------------------|
 * | run                          | `RUN#<runId>`          | `RUN`              | `RUNS#<accountId>`           | `<order>`                |
 * | finding seen by a run        | `RUN#<runId>`          | `FINDING#<id>`     |                              |                          |
 * | idempotency key (TTL 24 h)   | `IDEMPOTENCY#<key>`    | `IDEMPOTENCY`      |                              |                          |
 * | account's latest good run    | `ACCOUNT#<accountId>`  | `LATEST`           | `ORG#LATEST`                 | `<accountId>`            |
 * | account's newest lifecycle   | `ACCOUNT#<accountId>`  | `HEAD`             |                              |                          |
 * | finding lifecycle state      | `ACCOUNT#<accountId>`  | `FINDING#<id>`     | `ACCOUNT#<accountId>#<status>` | `<rank>#<severity>#<id>` |
 * | a run's plan approved        | `ACCOUNT#<accountId>`  | `APPROVAL#<runId>#<planId>` |                     |                          |
 * | a change applied (its log)   | `ACCOUNT#<accountId>`  | `CHANGE#<changeId>` |                             |                          |
 *
 * Runs are ordered by `order` = `<startedAt>#<runId>` (ISO dates sort as strings). Every lifecycle
 * write is conditional on the item's `lastOrder` not being newer than the writer's and sets it, and
 * only the run that holds the account's HEAD item (the newest run to apply its findings) resolves
 * findings, so overlapping runs never move state backwards (finding-lifecycle.ts). LATEST names the
 * newest SUCCEEDED run only: it is taken in the same transaction that marks a run SUCCEEDED. The GSI lists an account's findings of one status, most severe first (rank 0 = critical);
 * a severity filter is a `begins_with` on the rank. The same GSI lists an account's runs newest first
 * (once the run's account is known) and, under `ORG#LATEST`, every account with a successful run.
 */
export const GSI_BY_STATUS = "byStatus";
export const IDEMPOTENCY_TTL_SECONDS = 86_400;

export const runKey = (runId: string) => ({ pk: `RUN#${runId}`, sk: "RUN" });
export const runFindingKey = (runId: string, id: string) => ({ pk: `RUN#${runId}`, sk: `FINDING#${id}` });
export const idempotencyKey = (key: string) => ({ pk: `IDEMPOTENCY#${key}`, sk: "IDEMPOTENCY" });
export const latestKey = (accountId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: "LATEST" });
export const headKey = (accountId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: "HEAD" });
export const findingKey = (accountId: string, id: string) => ({
  pk: `ACCOUNT#${accountId}`,
  sk: `FINDING#${id}`,
});

export const approvalKey = (accountId: string, runId: string, planId: string) => ({
  pk: `ACCOUNT#${accountId}`,
  sk: `APPROVAL#${runId}#${planId}`,
});
export const changeKey = (accountId: string, changeId: string) => ({
  pk: `ACCOUNT#${accountId}`,
  sk: `CHANGE#${changeId}`,
});

export const runOrder = (startedAt: string, runId: string) => `${startedAt}#${runId}`;

export const runsPartition = (accountId: string) => `RUNS#${accountId}`;
export const ORG_LATEST_PARTITION = "ORG#LATEST";

export function statusPartition(accountId: string, status: FindingStatus): string {
  return `ACCOUNT#${accountId}#${status}`;
}

export function severityPrefix(severity: ReportFinding["severity"]): string {
  return `${SEVERITIES.indexOf(severity)}#${severity}#`;
}

export function severitySortKey(severity: ReportFinding["severity"], id: string): string {
  return `${severityPrefix(severity)}${id}`;
}

const OPTIONAL_FINDING = ["principalArn", "resolvedAt", "resolvedBy", "suppressedReason"] as const;

export function toStoredFinding(item: Record<string, unknown>): StoredFinding {
  const finding: StoredFinding = {
    accountId: String(item.accountId),
    id: String(item.id),
    kind: item.kind as StoredFinding["kind"],
    severity: item.severity as StoredFinding["severity"],
    status: item.status as FindingStatus,
    title: String(item.title),
    firstSeen: String(item.firstSeen),
    lastSeen: String(item.lastSeen),
    runId: String(item.runId),
  };
  for (const field of OPTIONAL_FINDING) if (typeof item[field] === "string") finding[field] = item[field];
  return finding;
}

const OPTIONAL_RUN = ["accountId", "finishedAt", "error", "deadlineAt"] as const;

export function toRunRecord(item: Record<string, unknown>): RunRecord {
  const run: RunRecord = {
    runId: String(item.runId),
    status: item.status as RunRecord["status"],
    trigger: item.trigger as RunRecord["trigger"],
    startedAt: String(item.startedAt),
  };
  for (const field of OPTIONAL_RUN) if (typeof item[field] === "string") run[field] = item[field];
  if (item.counts && typeof item.counts === "object") run.counts = item.counts as RunRecord["counts"];
  return run;
}

/** Opaque page tokens: the query's LastEvaluatedKey, base64url JSON of string key attributes. */
export function encodePageToken(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString("base64url") : undefined;
}

const TOKEN_FIELDS = new Set(["pk", "sk", "gsi1pk", "gsi1sk"]);

export function decodePageToken(token: string): Record<string, string> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (!value || typeof value !== "object" || Array.isArray(value)) return undefined;
    const entries = Object.entries(value);
    if (entries.length === 0) return undefined;
    for (const [k, v] of entries) if (!TOKEN_FIELDS.has(k) || typeof v !== "string") return undefined;
    return value as Record<string, string>;
  } catch {
    return undefined;
  }
}
