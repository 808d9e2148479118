import {
  BackupChangedError,
  BackupExistsError,
  BackupInvalidError,
  BackupNotFoundError,
  type BackupStore,
  type ChangeLease,
  type ChangeRecord,
  released,
} from "../engine/plans/change.js";
import { canonical, expectedAfter, stateDifferences } from "../engine/plans/state.js";
import { inTransition } from "../engine/plans/transition.js";
import type { Plan } from "../engine/report/schema.js";
import { describeAwsError } from "./iam-errors.js";
import { type Iam, readPolicy, readState } from "./iam-state.js";
import { type Sleep, untilVisible } from "./iam-visibility.js";
import { deleteInline, type PrincipalType } from "./iam-writes.js";
import { replaceAttached } from "./plan-attach.js";
import { refuseOwnCaller } from "./plan-caller.js";
import { checkPlan, keptDrift } from "./plan-check.js";
import { createPolicies, createVersion, PolicyTakenError, type Progress } from "./plan-create.js";
import {
  AppliedUnrecordedError,
  ApplyFailedError,
  ChangeBusyError,
  ChangeExistsError,
  PlanDriftError,
  UnfinishedChangeError,
} from "./plan-errors.js";
import { endLease, localRunner, newLease, othersRunning } from "./plan-lease.js";
import { rollbackChange } from "./plan-rollback.js";

export interface ApplyOptions {
  changeId: string;
  now: Date;
  store: BackupStore;
  /** Waits before reading again a change IAM does not show yet (tests pass one that returns at once). */
  sleep?: Sleep;
  /** The ARN the credentials running apply sign as (sts:GetCallerIdentity): a plan narrowing it is refused. */
  caller?: string;
  /** Who runs the apply, as its lease names it (the caller, host and process by default). */
  by?: string;
  /** The time a lease is taken and compared at: the real clock, whatever `now` names the change by. */
  clock?: () => Date;
}

/**
 * Applies a plan: checks it still fits IAM, writes the backup, creates and attaches the new
 * policies before detaching and deleting the old (so access never dips below the end state),
 * re-reads and verifies (reading again, a few seconds at most, while IAM shows only part of the
 * change). Any failure after the backup rolls back what was done.
 */
export async function applyPlan(iam: Iam, plan: Plan, options: ApplyOptions): Promise<ChangeRecord> {
  refuseOwnCaller(plan, options.caller);
  const {
    scope,
    creates,
    checked: before,
  } = await checkPlan(iam, plan).catch(async (error: unknown) => {
    if (!(error instanceof PlanDriftError)) throw error;
    // IAM differs from the audit, and the backups may say why: the way back is that change's
    // rollback. Looked for only then, and a location that cannot be listed (s3:GetObject and
    // s3:PutObject granted, s3:ListBucket not) leaves the refusal as drift.
    const unfinished = await unfinishedChange(plan, options).catch(() => undefined);
    if (unfinished) throw new UnfinishedChangeError(error.differences, unfinished, options.store.description);
    throw error;
  });
  const lease = newLease("apply", options.by ?? localRunner(options.caller), (options.clock ?? wallClock)());
  const record = {
    formatVersion: 1 as const,
    changeId: options.changeId,
    planId: plan.id,
    createdAt: options.now.toISOString(),
    status: "backed-up" as const,
    plan,
    scope,
    before,
    creates,
    lease,
  };
  try {
    return await applyLeased(iam, plan, record, options);
  } finally {
    endLease(lease);
  }
}

/** The apply after its checks: its backup written with its lease, its writes, verification and mark. */
async function applyLeased(
  iam: Iam,
  plan: Plan,
  record: ChangeRecord & { lease: ChangeLease },
  options: ApplyOptions,
): Promise<ChangeRecord> {
  const { scope, before, creates } = record;
  const held = { status: "backed-up", lease: record.lease.token } as const;
  // Written only where no record of this id is: another apply of the plan in the same second holds
  // it, and its backup may be the only exact undo of that change.
  await options.store.create(record).catch((error: unknown) => {
    if (error instanceof BackupExistsError)
      throw new ChangeExistsError(record.changeId, options.store.description, error);
    throw error;
  });
  // Another apply of the plan, or a rollback of its earlier change, running now, looked for once
  // this one's lease is written: of two at once, at least one sees the other.
  const running = await othersRunning(options.store, record, (options.clock ?? wallClock)()).catch(
    (error: unknown) => changedNothing(record, options.store, error),
  );
  if (running) {
    const marked = await markUnchanged(record, options.store);
    throw new ChangeBusyError(`${running}; this apply changed nothing${marked}`);
  }
  let version: string | undefined;
  const progress: Progress = { created: [], wrote: false };
  try {
    version = await execute(iam, plan, creates, record.changeId, progress);
    const expected = expectedAfter(plan, before, { policies: creates, ...(version ? { version } : {}) });
    const differences = await untilVisible(async () => {
      const after = await readState(iam, scope);
      const reading = {
        differences: stateDifferences(expected, after),
        pending: inTransition(before, expected, after),
      };
      for (const [i, arn] of creates.entries()) {
        const created = await readPolicy(iam, arn);
        const document = created?.versions.find((v) => v.versionId === created.defaultVersionId)?.document;
        if (!created) reading.differences.push(`${arn} is not there`);
        else if (canonical(document) !== canonical(plan.create[i]!.document)) {
          reading.differences.push(`${arn} does not hold the planned document`);
          reading.pending = false;
        }
      }
      return reading;
    }, options.sleep);
    if (differences.length > 0)
      throw new Error(`IAM does not show the planned change: ${differences.join("; ")}`);
    // Another change (a plan of the user's group, applied at once) may have passed its own check
    // before this one wrote, and replaced what this plan was proven beside: read again after the
    // writes, so that of two such applies the later to look sees the other and is undone.
    const moved = await keptDrift(iam, plan);
    if (moved.length > 0)
      throw new Error(
        `what the plan was proven beside changed while it was applied (${moved.join("; ")}): audit again`,
      );
  } catch (error) {
    if (!progress.wrote && progress.created.length === 0) await changedNothing(record, options.store, error);
    // Only what this apply created is deleted: a policy of the plan's name another made meanwhile is theirs.
    const done: ChangeRecord = { ...record, creates: progress.created };
    if (progress.created.length < creates.length)
      await options.store.write(done, held).catch(() => undefined);
    let refused: string | undefined;
    try {
      await rollbackChange(iam, done, options.store, {
        leased: true,
        ...(options.sleep ? { sleep: options.sleep } : {}),
      });
    } catch (rollbackError) {
      refused = describeAwsError(rollbackError);
    }
    const rolledBack = refused === undefined;
    const what = rolledBack
      ? "everything done was rolled back"
      : `the rollback failed too (${refused}): run whittle rollback ${record.changeId} once that is mended`;
    throw new ApplyFailedError(`apply failed (${describeAwsError(error)}); ${what}`, rolledBack, error);
  }
  const applied: ChangeRecord = { ...released(record), status: "applied" };
  try {
    // Only over the backup as this apply left it: a `whittle rollback` of the change that took it
    // over (this apply's lease expired, or its host said its process had ended) may have restored
    // IAM and marked it rolled back since the verification, and the change is then not applied,
    // whatever this apply saw.
    await options.store.write(applied, held);
  } catch (error) {
    if (error instanceof BackupChangedError && error.status === "rolled-back")
      throw new ApplyFailedError(
        `apply failed (change ${record.changeId} was rolled back while it was applied: ${error.message}); IAM holds what that rollback restored, not the change`,
        true,
        error,
      );
    if (error instanceof BackupChangedError)
      throw new ApplyFailedError(
        `apply failed (change ${record.changeId} was taken over by another run while it was applied: ${error.message}); IAM may hold what that run left: see whittle rollback ${record.changeId}`,
        false,
        error,
      );
    // Not a failed apply: IAM holds the change, verified, and is not to be rolled back by surprise.
    throw new AppliedUnrecordedError(record.changeId, error);
  }
  return applied;
}

/**
 * The latest earlier change of this plan still `backed-up`: cut short (Ctrl-C, a lost connection,
 * a rollback that failed too) or running now.
 */
async function unfinishedChange(plan: Plan, options: ApplyOptions): Promise<ChangeRecord | undefined> {
  const { store } = options;
  let found: ChangeRecord | undefined;
  let applied: ChangeRecord | undefined;
  for (const changeId of (await store.changesOf(plan.id)).sort()) {
    let record: ChangeRecord;
    try {
      record = await store.read(changeId);
    } catch (error) {
      if (error instanceof BackupInvalidError || error instanceof BackupNotFoundError) continue;
      throw error;
    }
    if (record.status === "backed-up") found = record;
    else if (record.status === "applied") applied = record;
  }
  // One begun before a change of the plan that applied was cut short before its writes took (else
  // that apply's check had refused): its rollback would undo the applied change, and is refused.
  if (found && applied && applied.createdAt > found.createdAt) return undefined;
  return found;
}

/**
 * The apply failed before any write that may have taken effect: nothing to undo, and a rollback
 * would restore the backup over what others did meanwhile (another apply of the plan, whose policy
 * this one found taken). The record is marked done, so that no later apply points at it as unfinished.
 */
async function changedNothing(record: ChangeRecord, store: BackupStore, error: unknown): Promise<never> {
  const marked = await markUnchanged(record, store);
  throw new ApplyFailedError(
    `apply failed (${error instanceof PolicyTakenError ? error.message : describeAwsError(error)}); it changed nothing${marked}`,
    true,
    error,
  );
}

/** Marks the record of an apply that changed nothing rolled back, its lease given back; says if it could not. */
async function markUnchanged(record: ChangeRecord, store: BackupStore): Promise<string> {
  const from = { status: record.status, lease: record.lease?.token };
  return store.write({ ...released(record), status: "rolled-back" }, from).then(
    () => "",
    (e: unknown) =>
      ` (its backup could not be marked so: ${describeAwsError(e)}; do not roll back ${record.changeId})`,
  );
}

const wallClock = () => new Date();

async function execute(
  iam: Iam,
  plan: Plan,
  creates: readonly string[],
  changeId: string,
  progress: Progress,
): Promise<string | undefined> {
  if (plan.target.type === "policy") return createVersion(iam, plan, progress);
  await createPolicies(iam, plan, creates, changeId, progress);
  progress.wrote = true;
  await replaceAttached(iam, plan, creates);
  for (const policy of plan.deleteInline)
    await deleteInline(iam, plan.target.type as PrincipalType, plan.target.name, policy);
  return undefined;
}
