import {
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  GetPolicyCommand,
  SetDefaultPolicyVersionCommand,
} from "@aws-sdk/client-iam";
import { attachedSince } from "../engine/plans/attached-since.js";
import { BackupChangedError, type BackupStore, type ChangeRecord, released } from "../engine/plans/change.js";
import { inlineWrittenSince } from "../engine/plans/inline-since.js";
import {
  canonical,
  type IamState,
  type PrincipalState,
  restorable,
  stateDifferences,
} from "../engine/plans/state.js";
import { inTransition } from "../engine/plans/transition.js";
import { withoutVersionsGone } from "../engine/plans/versions-gone.js";
import { boundaryHolders, type Iam, principalArn, readPolicy, readState } from "./iam-state.js";
import { type Sleep, untilVisible } from "./iam-visibility.js";
import { detach } from "./iam-writes.js";
import { createdByChange } from "./plan-create.js";
import { RollbackError, RollbackRefusedError } from "./plan-errors.js";
import { endLease, giveBack, localRunner, othersRunning, takeLease } from "./plan-lease.js";
import { notReattachable } from "./plan-reattach.js";
import { unboundedSince } from "./plan-rollback-boundary.js";
import { appliedLater } from "./plan-rollback-later.js";
import { restorePrincipal } from "./plan-rollback-principal.js";
import { reachedSince, remadeSince } from "./plan-rollback-reach.js";

export interface RollbackOptions {
  /** Waits before reading again a change IAM does not show yet (tests pass one that returns at once). */
  sleep?: Sleep;
  /** Who runs the rollback, as its lease names it (the caller, host and process by default). */
  by?: string;
  now?: () => Date;
  /** Told when the rollback takes over a change whose run stopped without finishing. */
  notice?: (message: string) => void;
  /** The record is held under the lease of the apply running this rollback (its undo after a failure). */
  leased?: boolean;
}

/**
 * Restores IAM to the change's backup, whatever part of the change was done: the principal's
 * attachments and inline documents, a policy's default version, and no policy or version the
 * change created. Takes the change's lease first, so that no apply or rollback of it, or of its
 * plan, runs beside it. Restores what was there before removing what was added, then verifies
 * (reading again, a few seconds at most, while IAM shows only part of the restore).
 */
export async function rollbackChange(
  iam: Iam,
  record: ChangeRecord,
  store: BackupStore,
  options: RollbackOptions = {},
): Promise<ChangeRecord> {
  await refuseOtherAccount(iam, record);
  // Rolled back already: verified again, never redone, so that a later apply is not undone with it.
  if (record.status === "rolled-back") {
    const differences = await differencesFrom(iam, record);
    if (differences.length > 0)
      throw new RollbackRefusedError(
        `${record.changeId} was rolled back already, and IAM has changed since: ${differences.join("; ")}`,
      );
    return record;
  }
  let leased = record;
  if (!options.leased) {
    const now = options.now?.() ?? new Date();
    const taken = await takeLease(
      store,
      record,
      options.by ?? localRunner(),
      now,
      options.notice ?? (() => {}),
    );
    if ("refused" in taken) throw new RollbackRefusedError(taken.refused);
    leased = taken.leased;
    const other = await othersRunning(store, leased, now).catch(async (error: unknown) => {
      await giveBack(store, leased);
      throw error;
    });
    if (other) {
      await giveBack(store, leased);
      throw new RollbackRefusedError(other);
    }
  }
  try {
    await restore(iam, leased, store, options.sleep);
  } catch (error) {
    await giveBack(store, leased);
    throw error;
  }
  const restored: ChangeRecord = { ...released(leased), status: "rolled-back" };
  try {
    await store.write(restored, { status: leased.status, lease: leased.lease?.token });
  } catch (error) {
    if (error instanceof BackupChangedError)
      throw new RollbackError(
        `IAM is restored as it was before ${record.changeId}, verified, but its backup was written by another run meanwhile and is not marked rolled back (${error.message})`,
        { cause: error },
      );
    throw error;
  } finally {
    endLease(leased.lease);
  }
  return restored;
}

/** The checks and writes of a rollback, made under its lease; the record is marked by the caller. */
async function restore(iam: Iam, record: ChangeRecord, store: BackupStore, sleep?: Sleep): Promise<void> {
  const later = await appliedLater(record, store);
  if (later) throw new RollbackRefusedError(later);
  await refuseOthersWork(iam, record);
  const { principals } = record.scope;
  const from = restorable(await readState(iam, record.scope), principals);
  for (const before of record.before.principals) await restorePrincipal(iam, record, before);
  for (const before of record.before.policies) {
    const live = await readPolicy(iam, before.arn);
    if (!live) throw new RollbackError(`${before.arn} no longer exists; it cannot be restored`);
    if (live.defaultVersionId !== before.defaultVersionId)
      await iam.send(
        new SetDefaultPolicyVersionCommand({ PolicyArn: before.arn, VersionId: before.defaultVersionId }),
      );
    for (const v of live.versions)
      if (!before.versions.some((b) => b.versionId === v.versionId))
        await iam.send(new DeletePolicyVersionCommand({ PolicyArn: before.arn, VersionId: v.versionId }));
  }
  for (const arn of record.creates) await deleteCreated(iam, arn);
  const target = withoutVersionsGone(restorable(record.before, principals), from);
  const differences = await untilVisible(async () => {
    const live = restorable(await readState(iam, record.scope), principals);
    const differences = stateDifferences(target, live);
    for (const arn of record.creates) if (await readPolicy(iam, arn)) differences.push(`${arn} still exists`);
    return { differences, pending: inTransition(from, target, live) };
  }, sleep);
  if (differences.length > 0)
    throw new RollbackError(
      `IAM still differs from the backup of ${record.changeId}: ${differences.join("; ")}`,
    );
}

/**
 * IAM is read and written by name: the same names in another account (a StackSet's roles) must not
 * be "restored" from this change's backup. (A user or group moved to another path since is the
 * same one: IAM names are unique in an account whatever the path.)
 */
async function refuseOtherAccount(iam: Iam, record: ChangeRecord): Promise<void> {
  const { target } = record.plan;
  if (target.type === "policy" || target.type === "permission-set") return;
  const live = await principalArn(iam, target.type, target.name);
  const accountOf = (arn: string) => arn.split(":").slice(1, 5).join(":");
  if (live && accountOf(live) !== accountOf(target.arn))
    throw new RollbackRefusedError(
      `${record.changeId} changed ${target.arn}, but these credentials reach ${live}: use the account the change was applied in`,
    );
}

/** How IAM differs from the change's backup, in what a rollback restores. */
async function differencesFrom(iam: Iam, record: ChangeRecord): Promise<string[]> {
  const { principals } = record.scope;
  const live = restorable(await readState(iam, record.scope), principals);
  const differences = stateDifferences(
    withoutVersionsGone(restorable(record.before, principals), live),
    live,
  );
  for (const arn of record.creates) if (await readPolicy(iam, arn)) differences.push(`${arn} still exists`);
  return differences;
}

/**
 * What others did since the change that undoing it would undo too, refused before any write: a
 * created policy taken up by principals the change never touched (deleting it takes from them), a
 * version of a policy the change did not write (a policy target gets one new version; a detached
 * policy none), which rollback would delete for every holder of the policy, an inline policy
 * put since, whose document rollback would delete or overwrite and no backup holds, a managed
 * policy attached to a principal of the change since, which rollback would detach, a principal
 * deleted and made again under its name since (`remadeSince`), a policy's default version set since
 * to one the change did not write, which rollback would set back for every holder, a principal deleted since
 * (`deletedSince`), a boundary removed or widened since (`unboundedSince`), a principal that
 * took up since what the change narrowed (`reachedSince`), and a detached policy AWS deprecated
 * since, which IAM would not attach again (`notReattachable`).
 */
async function refuseOthersWork(iam: Iam, record: ChangeRecord): Promise<void> {
  const remade = await remadeSince(iam, record);
  if (remade.length > 0) throw new RollbackRefusedError(remade.join("; "));
  const live = await readState(iam, { principals: record.scope.principals, policies: [] });
  const gone = deletedSince(record, live);
  if (gone) throw new RollbackRefusedError(gone);
  const written = inlineWrittenSince(record, live);
  if (written.length > 0)
    throw new RollbackRefusedError(
      `${written.join("; ")} since ${record.changeId}; restoring would lose its document: move it elsewhere first`,
    );
  const attached = attachedSince(record, live);
  if (attached.length > 0)
    throw new RollbackRefusedError(
      `${attached.join("; ")} since ${record.changeId}; restoring would detach it: detach it first if that is meant`,
    );
  const unbounded = await unboundedSince(iam, record, live);
  if (unbounded.length > 0)
    throw new RollbackRefusedError(
      `${unbounded.join("; ")}; restoring what the change replaced without the boundary it was held to could give more than was had: put the boundary back first`,
    );
  const reached = await reachedSince(iam, record, live);
  if (reached.length > 0) throw new RollbackRefusedError(reached.join("; "));
  // Found only by IAM's refusal of the attach, it would stop the rollback halfway.
  const detached = record.before.principals.flatMap((b) => {
    const now = live.principals.find((p) => p.type === b.type && p.name === b.name);
    return b.attached.filter((arn) => !now?.attached.includes(arn));
  });
  const deprecated = await notReattachable(iam, [...new Set(detached)]);
  if (deprecated.length > 0)
    throw new RollbackRefusedError(
      `${deprecated.join(", ")}, detached by ${record.changeId}, ${deprecated.length > 1 ? "were" : "was"} deprecated by AWS since, and a deprecated policy cannot be attached again: attach its replacement instead (the backup holds what was there)`,
    );
  const touched = new Set(record.scope.principals.map((p) => `${p.type}/${p.name}`));
  for (const [i, arn] of record.creates.entries()) {
    const created = await readPolicy(iam, arn);
    // A change cut short before its create leaves the name free: a policy of it made since (the
    // plan's Terraform run instead) is another's, whoever it is attached to and whatever it holds.
    const description = created && (await policyDescription(iam, arn));
    if (created && !createdByChange(description, record.plan, record.changeId))
      throw new RollbackRefusedError(
        `${arn} was not created by ${record.changeId} (its description is ${JSON.stringify(description ?? "")}): it was made since under the name the change would have used, and rollback would delete it; delete or keep it by hand, then roll back`,
      );
    const others = created?.attachedTo.filter((e) => !touched.has(e)) ?? [];
    if (others.length > 0)
      throw new RollbackRefusedError(
        `${arn}, created by ${record.changeId}, is now attached to ${others.join(", ")} too; detach it there first`,
      );
    // Deleting the policy deletes every version: one written since holds a document no backup does.
    const planned = canonical(record.plan.create[i]?.document);
    const edited = (created?.versions ?? []).filter((v) => canonical(v.document) !== planned);
    if (edited.length > 0)
      throw new RollbackRefusedError(
        `${arn}, created by ${record.changeId}, has versions ${edited.map((v) => v.versionId).join(", ")} that it did not write; deleting it would lose them`,
      );
    // Deleting it would fail halfway, the principals already restored: checked before any write.
    const bounded = await boundaryHolders(iam, arn);
    if (bounded.length > 0)
      throw new RollbackRefusedError(
        `${arn}, created by ${record.changeId}, is now the permissions boundary of ${bounded.join(", ")}; remove it there first`,
      );
  }
  for (const before of record.before.policies) {
    const live = await readPolicy(iam, before.arn);
    // Found missing only after the principals were restored, it would stop the rollback halfway.
    if (!live)
      throw new RollbackRefusedError(
        `${before.arn} no longer exists, so it cannot be restored; its documents are in the backup of ${record.changeId}: create it again, then roll back`,
      );
    // Found missing only once the principals were restored, it would stop the rollback halfway too.
    if (!live.versions.some((v) => v.versionId === before.defaultVersionId))
      throw new RollbackRefusedError(
        `${before.arn} version ${before.defaultVersionId}, its default before ${record.changeId}, was deleted since, and IAM cannot make a version under that id again; its document is in the backup`,
      );
    // Deleted and made again under its name since (IAM numbers the new one's versions from v1
    // again): another policy, whose documents re-attaching it would grant, checked before any write.
    const remade = before.versions.filter((b) => {
      const now = live.versions.find((v) => v.versionId === b.versionId);
      return now && canonical(now.document) !== canonical(b.document);
    });
    if (remade.length > 0)
      throw new RollbackRefusedError(
        `${before.arn} version ${remade.map((v) => v.versionId).join(", ")} holds another document than before ${record.changeId}: the policy was deleted and made again since, and restoring would attach or keep what no one reviewed for the change's principals; its documents are in the backup`,
      );
    const added = live.versions.filter((v) => !before.versions.some((b) => b.versionId === v.versionId));
    const written = record.plan.target.type === "policy" && record.plan.target.arn === before.arn ? 1 : 0;
    // The one version a policy's change writes holds the planned document: another (its version
    // replaced since, or written by someone else after an apply cut short) is not the change's.
    const planned = canonical(record.plan.create[0]?.document);
    if (added.length > written || added.some((v) => canonical(v.document) !== planned))
      throw new RollbackRefusedError(
        `${before.arn} has versions ${added.map((v) => v.versionId).join(", ")} that ${record.changeId} did not all write; restoring it would delete them`,
      );
    // The default is the one before the change or the change's own version: another was set since,
    // and setting it back would change what every holder of the policy, in the change or not, may do.
    const defaults = [before.defaultVersionId, ...added.map((v) => v.versionId)];
    if (!defaults.includes(live.defaultVersionId))
      throw new RollbackRefusedError(
        `${before.arn} default version is ${live.defaultVersionId}, was ${before.defaultVersionId}, set since ${record.changeId}, which did not write it; restoring would set it back for every principal holding the policy: set it back first if that is meant`,
      );
  }
}

/**
 * The change's principals deleted since (a retired role, a removed group): there is nothing to
 * restore their policies onto, and found missing only while restoring, one would stop the rollback
 * halfway. The policies the change created are left, as deleting them restores nothing.
 */
function deletedSince(record: ChangeRecord, live: IamState): string {
  const gone = record.before.principals.filter(
    (b) => !live.principals.some((p) => p.type === b.type && p.name === b.name),
  );
  if (gone.length === 0) return "";
  const names = gone.map((p) => `${p.type} ${p.name}`).join(", ");
  const left =
    record.creates.length > 0 ? `, and leaves ${record.creates.join(", ")}, which it created,` : "";
  return `${names} ${gone.length > 1 ? "were" : "was"} deleted since ${record.changeId}, so what ${gone.length > 1 ? "they" : "it"} held before cannot be restored (the backup holds it); rollback changes nothing${left} as deleting those restores nothing`;
}

/** The description IAM holds for a customer managed policy. */
async function policyDescription(iam: Iam, arn: string): Promise<string | undefined> {
  return (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.Description;
}

/** A policy the change created: detached from everyone, its old versions deleted, then deleted. */
async function deleteCreated(iam: Iam, arn: string): Promise<void> {
  const live = await readPolicy(iam, arn);
  if (!live) return;
  for (const entity of live.attachedTo) {
    const [type, name] = entity.split("/") as [PrincipalState["type"], string];
    await detach(iam, type, name, arn);
  }
  for (const v of live.versions)
    if (v.versionId !== live.defaultVersionId)
      await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: v.versionId }));
  await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
}
