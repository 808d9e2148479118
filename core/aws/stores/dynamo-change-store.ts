import {
  type DynamoDBDocumentClient,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type {
  ChangeEntry,
  ChangeEvent,
  ChangeStatus,
  ChangeStore,
  NewChange,
  PlanApproval,
  RollbackStart,
} from "./change-types.js";
import {
  awsErrorName,
  ChangeConflictError,
  ChangeNotFoundError,
  InvalidPageTokenError,
  isConditionalFailure,
  PlanNotApprovedError,
  storeError,
} from "./errors.js";
import { get, type RunTable } from "./run-records.js";
import { approvalKey, changeKey, decodePageToken, encodePageToken } from "./table-keys.js";
import type { Page } from "./types.js";

const KEYS = new Set(["pk", "sk"]);
const strip = <T>(item: Record<string, unknown>): T =>
  Object.fromEntries(Object.entries(item).filter(([k]) => !KEYS.has(k))) as T;

/** Approvals and change entries in the findings table (keys in table-keys.ts); every move is conditional. */
export class DynamoChangeStore implements ChangeStore {
  private readonly t: RunTable;

  constructor(options: { doc: Pick<DynamoDBDocumentClient, "send">; table: string }) {
    this.t = { doc: options.doc, table: options.table };
  }

  async approve(approval: PlanApproval): Promise<{ approval: PlanApproval; created: boolean }> {
    const key = approvalKey(approval.accountId, approval.runId, approval.planId);
    try {
      await this.t.doc.send(
        new UpdateCommand({
          TableName: this.t.table,
          Key: key,
          UpdateExpression:
            "SET accountId = :a, runId = :r, planId = :p, planDigest = :d, approvedBy = :by, approvedAt = :at",
          ConditionExpression: "attribute_not_exists(pk)",
          ExpressionAttributeValues: {
            ":a": approval.accountId,
            ":r": approval.runId,
            ":p": approval.planId,
            ":d": approval.planDigest,
            ":by": approval.approvedBy,
            ":at": approval.approvedAt,
          },
        }),
      );
      return { approval, created: true };
    } catch (error) {
      if (!isConditionalFailure(error)) throw storeError("dynamodb:UpdateItem approval", error);
    }
    const existing = await this.getApproval(approval.accountId, approval.runId, approval.planId);
    if (!existing) throw new ChangeConflictError(`the approval of ${approval.planId} could not be recorded`);
    return { approval: existing, created: false };
  }

  async getApproval(accountId: string, runId: string, planId: string): Promise<PlanApproval | undefined> {
    const item = await get(this.t, approvalKey(accountId, runId, planId), "approval");
    return item ? strip<PlanApproval>(item) : undefined;
  }

  async beginApply(change: NewChange, planDigest: string, event: ChangeEvent): Promise<ChangeEntry> {
    const approval = await this.usableApproval(change, planDigest);
    const entry: ChangeEntry = {
      ...change,
      approvedBy: approval.approvedBy,
      approvedAt: approval.approvedAt,
      status: "applying",
      updatedAt: event.at,
      history: [event],
    };
    try {
      await this.t.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.t.table,
                Key: approvalKey(change.accountId, change.runId, change.planId),
                UpdateExpression: "SET changeId = :c",
                ConditionExpression:
                  "attribute_exists(pk) AND attribute_not_exists(changeId) AND planDigest = :d",
                ExpressionAttributeValues: { ":c": change.changeId, ":d": planDigest },
              },
            },
            {
              Put: {
                TableName: this.t.table,
                Item: { ...changeKey(change.accountId, change.changeId), ...entry },
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
          ],
        }),
      );
      return entry;
    } catch (error) {
      if (awsErrorName(error) !== "TransactionCanceledException")
        throw storeError("dynamodb:TransactWriteItems begin apply", error);
    }
    // Lost a race: say why, as a caller who came a moment later would have been told.
    await this.usableApproval(change, planDigest);
    throw new ChangeConflictError(`change ${change.changeId} already exists`);
  }

  endApply(
    entry: ChangeEntry,
    status: "applied" | "refused" | "apply-failed",
    event: ChangeEvent,
  ): Promise<ChangeEntry> {
    if (status !== "refused") return this.move(entry, "applying", status, event);
    return this.refuse(entry, event);
  }

  async beginRollback(
    accountId: string,
    changeId: string,
    event: ChangeEvent,
    staleBefore: string,
  ): Promise<RollbackStart> {
    try {
      const out = await this.t.doc.send(
        new UpdateCommand({
          TableName: this.t.table,
          Key: changeKey(accountId, changeId),
          UpdateExpression: "SET #status = :rolling, updatedAt = :at, history = list_append(history, :event)",
          // A change still `applying` or `rolling-back` past staleBefore lost its function mid-way.
          ConditionExpression:
            "#status IN (:applied, :failed, :rollbackFailed) OR (#status IN (:applying, :rolling) AND updatedAt < :stale)",
          ExpressionAttributeNames: { "#status": "status" },
          ExpressionAttributeValues: {
            ":rolling": "rolling-back",
            ":applied": "applied",
            ":failed": "apply-failed",
            ":rollbackFailed": "rollback-failed",
            ":applying": "applying",
            ":stale": staleBefore,
            ":at": event.at,
            ":event": [event],
          },
          ReturnValues: "ALL_OLD",
        }),
      );
      const was = strip<ChangeEntry>(out.Attributes ?? {});
      return {
        entry: { ...was, status: "rolling-back", updatedAt: event.at, history: [...was.history, event] },
        was: { status: was.status, updatedAt: was.updatedAt },
      };
    } catch (error) {
      if (!isConditionalFailure(error)) throw storeError("dynamodb:UpdateItem begin rollback", error);
    }
    const current = await this.getChange(accountId, changeId);
    if (!current) throw new ChangeNotFoundError(`no change ${changeId} in account ${accountId}`);
    throw new ChangeConflictError(
      `change ${changeId} is ${current.status}: there is nothing to roll back now`,
    );
  }

  endRollback(
    entry: ChangeEntry,
    status: "rolled-back" | "rollback-failed",
    event: ChangeEvent,
  ): Promise<ChangeEntry> {
    return this.move(entry, "rolling-back", status, event);
  }

  async refuseRollback(
    entry: ChangeEntry,
    was: RollbackStart["was"],
    event: ChangeEvent,
  ): Promise<ChangeEntry> {
    const update = this.update(entry, "rolling-back", was.status, event);
    update.ExpressionAttributeValues[":at"] = was.updatedAt;
    try {
      await this.t.doc.send(new UpdateCommand(update));
    } catch (error) {
      if (isConditionalFailure(error))
        throw new ChangeConflictError(`change ${entry.changeId} is no longer rolling-back`, { cause: error });
      throw storeError("dynamodb:UpdateItem change", error);
    }
    return { ...entry, ...was, history: [...entry.history, event] };
  }

  async getChange(accountId: string, changeId: string): Promise<ChangeEntry | undefined> {
    const item = await get(this.t, changeKey(accountId, changeId), "change");
    return item ? strip<ChangeEntry>(item) : undefined;
  }

  async listChanges(
    accountId: string,
    page: { limit: number; nextToken?: string },
  ): Promise<Page<ChangeEntry>> {
    const start = page.nextToken === undefined ? undefined : decodePageToken(page.nextToken);
    const { pk } = changeKey(accountId, "");
    if (page.nextToken !== undefined && (!start || start.pk !== pk || !start.sk?.startsWith("CHANGE#")))
      throw new InvalidPageTokenError("nextToken is not a token this API issued for these changes");
    try {
      const out = await this.t.doc.send(
        new QueryCommand({
          TableName: this.t.table,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :change)",
          ExpressionAttributeValues: { ":pk": pk, ":change": "CHANGE#" },
          Limit: page.limit,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      const nextToken = encodePageToken(out.LastEvaluatedKey);
      return {
        items: (out.Items ?? []).map((i) => strip<ChangeEntry>(i)),
        ...(nextToken ? { nextToken } : {}),
      };
    } catch (error) {
      throw storeError("dynamodb:Query changes", error);
    }
  }

  private async usableApproval(change: NewChange, planDigest: string): Promise<PlanApproval> {
    const approval = await this.getApproval(change.accountId, change.runId, change.planId);
    if (!approval)
      throw new PlanNotApprovedError(`plan ${change.planId} of run ${change.runId} is not approved`);
    if (approval.planDigest !== planDigest)
      throw new PlanNotApprovedError(
        `the approval of ${change.planId} was given to another version of the plan`,
      );
    if (approval.changeId)
      throw new ChangeConflictError(
        `the approval of ${change.planId} was used by change ${approval.changeId}`,
      );
    return approval;
  }

  private update(entry: ChangeEntry, from: ChangeStatus, to: ChangeStatus, event: ChangeEvent) {
    return {
      TableName: this.t.table,
      Key: changeKey(entry.accountId, entry.changeId),
      UpdateExpression: "SET #status = :to, updatedAt = :at, history = list_append(history, :event)",
      ConditionExpression: "#status = :from",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":to": to, ":from": from, ":at": event.at, ":event": [event] },
    };
  }

  private async move(
    entry: ChangeEntry,
    from: ChangeStatus,
    to: ChangeStatus,
    event: ChangeEvent,
  ): Promise<ChangeEntry> {
    try {
      await this.t.doc.send(new UpdateCommand(this.update(entry, from, to, event)));
    } catch (error) {
      if (isConditionalFailure(error))
        throw new ChangeConflictError(`change ${entry.changeId} is no longer ${from}`, { cause: error });
      throw storeError("dynamodb:UpdateItem change", error);
    }
    return { ...entry, status: to, updatedAt: event.at, history: [...entry.history, event] };
  }

  /** Nothing was changed: the entry says why, and the approval may be used again. */
  private async refuse(entry: ChangeEntry, event: ChangeEvent): Promise<ChangeEntry> {
    try {
      await this.t.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: this.update(entry, "applying", "refused", event) },
            {
              Update: {
                TableName: this.t.table,
                Key: approvalKey(entry.accountId, entry.runId, entry.planId),
                UpdateExpression: "REMOVE changeId",
                ConditionExpression: "changeId = :c",
                ExpressionAttributeValues: { ":c": entry.changeId },
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (awsErrorName(error) === "TransactionCanceledException")
        throw new ChangeConflictError(`change ${entry.changeId} is no longer applying`, { cause: error });
      throw storeError("dynamodb:TransactWriteItems refuse change", error);
    }
    return { ...entry, status: "refused", updatedAt: event.at, history: [...entry.history, event] };
  }
}
