import type { ChangeRecord } from "../engine/plans/change.js";
import { canonical, type PrincipalState } from "../engine/plans/state.js";
import { describeAwsError } from "./iam-errors.js";
import { type Iam, readPrincipal } from "./iam-state.js";
import { attach, deleteInline, detach, putInline } from "./iam-writes.js";
import { overQuota, stagedSwap } from "./plan-attach.js";
import { RollbackError } from "./plan-errors.js";

/**
 * Restores one principal's managed and inline policies from the backup. A failure midway (IAM's
 * quota of managed policies, a throttled or refused write) is a RollbackError saying what IAM was
 * left holding of each side, read again after the failure, and that a rollback run again goes on
 * from there: it attaches what is still missing and removes what the change added.
 */
export async function restorePrincipal(
  iam: Iam,
  record: ChangeRecord,
  before: PrincipalState,
): Promise<void> {
  const { type, name } = before;
  const live = await readPrincipal(iam, type, name);
  if (!live) throw new RollbackError(`${type} ${name} no longer exists; it cannot be restored`);
  try {
    await restoreFrom(iam, record, before, live);
  } catch (error) {
    const left = await readPrincipal(iam, type, name).catch(() => undefined);
    const why = error instanceof RollbackError ? error.message : describeAwsError(error);
    throw new RollbackError(
      `rollback of ${record.changeId} stopped halfway at ${type} ${name} (${why}); ${left ? leftHolding(before, left) : "what it holds now could not be read"}; once that is mended, run whittle rollback ${record.changeId} again: it goes on from there`,
      { cause: error },
    );
  }
}

/** What a principal holds after a rollback stopped, against what it held before the change. */
function leftHolding(before: PrincipalState, left: PrincipalState): string {
  const list = (arns: readonly string[]) => (arns.length > 0 ? arns.join(", ") : "none");
  const back = before.attached.filter((arn) => left.attached.includes(arn));
  const missing = before.attached.filter((arn) => !left.attached.includes(arn));
  const added = left.attached.filter((arn) => !before.attached.includes(arn));
  const parts = [
    `of the managed policies it held before, attached: ${list(back)}; not attached: ${list(missing)}`,
    `managed policies it did not hold before, still attached: ${list(added)}`,
  ];
  const inlineMissing = before.inline.filter(
    (p) => !left.inline.some((q) => q.name === p.name && canonical(q.document) === canonical(p.document)),
  );
  const inlineAdded = left.inline.filter((p) => !before.inline.some((q) => q.name === p.name));
  if (inlineMissing.length > 0)
    parts.push(`inline policies not yet restored: ${inlineMissing.map((p) => p.name).join(", ")}`);
  if (inlineAdded.length > 0)
    parts.push(`inline policies it did not hold before: ${inlineAdded.map((p) => p.name).join(", ")}`);
  return `it holds ${parts.join("; ")}`;
}

async function restoreFrom(
  iam: Iam,
  record: ChangeRecord,
  before: PrincipalState,
  live: PrincipalState,
): Promise<void> {
  const { type, name } = before;
  const missing = before.attached.filter((arn) => !live.attached.includes(arn));
  let done = { detached: [] as readonly string[], deleted: [] as readonly string[] };
  for (const [i, arn] of missing.entries()) {
    try {
      await attach(iam, type, name, arn);
    } catch (error) {
      if (!overQuota(error)) throw error;
      done = await restoreAtQuota(iam, record, before, missing.slice(i));
      break;
    }
  }
  for (const p of before.inline) {
    const now = live.inline.find((q) => q.name === p.name);
    if (now && canonical(now.document) === canonical(p.document)) continue;
    await putInline(iam, type, name, p.name, p.document);
  }
  for (const p of live.inline)
    if (!before.inline.some((q) => q.name === p.name) && !done.deleted.includes(p.name))
      await deleteInline(iam, type, name, p.name);
  for (const arn of live.attached)
    if (!before.attached.includes(arn) && !done.detached.includes(arn)) await detach(iam, type, name, arn);
}

/**
 * The principal is at its quota of managed policies, so the policies it held before cannot be
 * attached beside the change's. Detaching those first would leave it below both states for a moment:
 * the change's new documents (proven within what it held before) are put inline meanwhile, as
 * apply does. Returns what was detached and the copies deleted.
 */
async function restoreAtQuota(
  iam: Iam,
  record: ChangeRecord,
  before: PrincipalState,
  remaining: readonly string[],
): Promise<{ detached: readonly string[]; deleted: readonly string[] }> {
  const { type, name } = before;
  const who = `${type} ${name}`;
  const live = await readPrincipal(iam, type, name);
  if (!live) throw new RollbackError(`${who} no longer exists; it cannot be restored`);
  const extra = live.attached.filter((arn) => !before.attached.includes(arn));
  if (remaining.length > extra.length)
    throw new RollbackError(
      `${who} holds ${live.attached.length} managed policies, the most IAM allows it: ${remaining.length} of those it held before do not fit beside the ${extra.length} to detach`,
    );
  const stage = record.plan.create.filter((_, i) => extra.includes(record.creates[i] ?? ""));
  const taken = stage.find((c) => before.inline.some((p) => p.name === c.name));
  if (taken)
    throw new RollbackError(
      `${who} is at its quota of managed policies, and its inline policy ${taken.name} takes the name the new policy would be staged under`,
    );
  await stagedSwap(
    iam,
    { type, name },
    { stage, detach: extra, attach: remaining },
    (error) =>
      new RollbackError(
        `${who} is at its quota of managed policies, and the change's policies do not fit inline meanwhile (${describeAwsError(error)}): raise the quota of managed policies per ${type}`,
        { cause: error },
      ),
  );
  return { detached: extra, deleted: stage.map((c) => c.name) };
}
