import type { Plan } from "../../engine/report/schema.js";
import type { Page } from "./types.js";

/** Someone's approval of one plan of one run; `planDigest` pins the plan's exact content. */
export interface PlanApproval {
  accountId: string;
  runId: string;
  planId: string;
  planDigest: string;
  approvedBy: string;
  approvedAt: string;
  /** The change that used the approval: an approval is used by one change only. */
  changeId?: string;
}

/**
 * `applying` / `rolling-back` while a function works on the change; `refused` when apply changed
 * nothing (drift, or a check failed first); `apply-failed` when it failed midway (then rolled back,
 * or not: see the history). A rollback refused before touching IAM leaves the status it found.
 */
export const CHANGE_STATUSES = [
  "applying",
  "applied",
  "refused",
  "apply-failed",
  "rolling-back",
  "rolled-back",
  "rollback-failed",
] as const;
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];

/** One step in a change's life: who asked for what, when, and how it ended. */
export interface ChangeEvent {
  action: "apply" | "rollback";
  by: string;
  at: string;
  /** `started` when a function takes the change on; then how that ended. */
  result: "started" | "applied" | "refused" | "failed" | "rolled-back";
  detail?: string;
}

/** What the change does to IAM, as planned. */
export interface ChangeEffect {
  create: string[];
  attach: string[];
  detach: string[];
  deleteInline: string[];
  /** For a shared policy: its new default version replaces this one. */
  newDefaultVersionOf?: string;
}

export interface ChangeEntry {
  accountId: string;
  changeId: string;
  runId: string;
  planId: string;
  target: Plan["target"];
  effect: ChangeEffect;
  approvedBy: string;
  approvedAt: string;
  /** Where the backup (the ChangeRecord rollback reads) is, `s3://bucket/key`. */
  backup: string;
  status: ChangeStatus;
  createdAt: string;
  updatedAt: string;
  history: ChangeEvent[];
}

/** A rollback taken on: the change now `rolling-back`, and what it was before. */
export interface RollbackStart {
  entry: ChangeEntry;
  was: Pick<ChangeEntry, "status" | "updatedAt">;
}

export type NewChange = Omit<ChangeEntry, "status" | "updatedAt" | "history" | "approvedBy" | "approvedAt">;

/** Approvals and the record of every change: who approved, who applied or rolled back, and the outcome. */
export interface ChangeStore {
  /** Records an approval; an existing one of the same plan stands (created: false). */
  approve(approval: PlanApproval): Promise<{ approval: PlanApproval; created: boolean }>;
  getApproval(accountId: string, runId: string, planId: string): Promise<PlanApproval | undefined>;
  /**
   * Uses the plan's approval and records the change `applying`, in one transaction: PlanNotApprovedError
   * without an approval of this digest, ChangeConflictError when another change used it.
   */
  beginApply(change: NewChange, planDigest: string, event: ChangeEvent): Promise<ChangeEntry>;
  /** Ends an apply; a `refused` one changed nothing and frees the approval for another try. */
  endApply(
    entry: ChangeEntry,
    status: "applied" | "refused" | "apply-failed",
    event: ChangeEvent,
  ): Promise<ChangeEntry>;
  /**
   * Marks the change `rolling-back`; ChangeConflictError when it is rolled back or in progress.
   * `was`: its status before, which a rollback refused before any write returns it to.
   */
  beginRollback(
    accountId: string,
    changeId: string,
    event: ChangeEvent,
    staleBefore: string,
  ): Promise<RollbackStart>;
  endRollback(
    entry: ChangeEntry,
    status: "rolled-back" | "rollback-failed",
    event: ChangeEvent,
  ): Promise<ChangeEntry>;
  /**
   * A rollback refused before touching IAM (its backup unreadable or missing): the change returns
   * to the status and `updatedAt` it had, so a change that died midway can be rolled back again at
   * once, and the history keeps the refusal.
   */
  refuseRollback(entry: ChangeEntry, was: RollbackStart["was"], event: ChangeEvent): Promise<ChangeEntry>;
  getChange(accountId: string, changeId: string): Promise<ChangeEntry | undefined>;
  /** The account's changes, by change id (a plan's changes together, oldest first). */
  listChanges(accountId: string, page: { limit: number; nextToken?: string }): Promise<Page<ChangeEntry>>;
}
