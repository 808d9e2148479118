import type { Plan } from "../engine/report/schema.js";
import { describeAwsError } from "./iam-errors.js";
import { type Iam, readPrincipal } from "./iam-state.js";
import { attach, deleteInline, detach, type PrincipalType, putInline } from "./iam-writes.js";
import { AttachQuotaError } from "./plan-errors.js";

/** IAM's answer to an attach past the principal's quota of managed policies, or a put past the inline size quota. */
export const overQuota = (error: unknown) =>
  error instanceof Error && error.name === "LimitExceededException";

/**
 * Attaches the policies a plan created to its user, role or group, then detaches the ones it
 * replaces: the principal holds both for a moment, never less than the end state. When an attach
 * passes IAM's quota of managed policies per principal (10 by default, 20 at most), it goes on as
 * `replaceAtQuota` says.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 */
export async function replaceAttached(iam: Iam, plan: Plan, creates: readonly string[]): Promise<void> {
  const type = plan.target.type as PrincipalType;
  const name = plan.target.name;
  for (const [i, arn] of creates.entries()) {
    try {
      await attach(iam, type, name, arn);
    } catch (error) {
      if (!overQuota(error)) throw error;
      await replaceAtQuota(iam, plan, creates.slice(i), plan.create.slice(i));
      return;
    }
  }
  for (const arn of plan.detach) await detach(iam, type, name, arn);
}

/**
 * The principal is at its quota. Attaching first does not fit, and detaching first would take from
 * the workload what the new policies give until they are attached. So each new document is first
 * put as an inline policy (inline policies do not count against that quota): it was proven to grant
 * nothing the principal cannot do today, so the principal still holds exactly today's permissions.
 * Then the replaced policies are detached (it holds at least the end state), the new ones attached
 * and the inline copies deleted. Where no such order exists (the end state holds more managed
 * policies than fit, a copy's name is taken, or the copies pass the inline size quota), this fails
 * and apply rolls back what was done.
 */
async function replaceAtQuota(
  iam: Iam,
  plan: Plan,
  remaining: readonly string[],
  documents: Plan["create"],
): Promise<void> {
  const type = plan.target.type as PrincipalType;
  const name = plan.target.name;
  const who = `${type} ${name}`;
  const live = await readPrincipal(iam, type, name);
  if (!live) throw new AttachQuotaError(`${who} no longer exists`);
  const quota = live.attached.length;
  const detaching = plan.detach.filter((arn) => live.attached.includes(arn));
  if (remaining.length > detaching.length)
    throw new AttachQuotaError(
      `${who} holds ${quota} managed policies, the most IAM allows it: the plan attaches ${remaining.length} more and detaches ${detaching.length}, so its end state does not fit; raise the quota of managed policies per ${type}`,
    );
  const taken = documents.find((c) => live.inline.some((p) => p.name === c.name));
  if (taken)
    throw new AttachQuotaError(
      `${who} is at its quota of managed policies, and its inline policy ${taken.name} takes the name the new policy would be staged under`,
    );
  await stagedSwap(
    iam,
    { type, name },
    { stage: documents, detach: detaching, attach: remaining },
    (error) =>
      new AttachQuotaError(
        `${who} is at its quota of managed policies, and the new policies do not fit beside its inline policies either (${describeAwsError(error)}); no order keeps its permissions: raise the quota of managed policies per ${type}`,
        { cause: error },
      ),
  );
}

/**
 * Swaps managed policies on a principal at its quota without a moment below what both sides share:
 * `stage` (documents the principal holds throughout) is put inline, `detach` detached, `attach`
 * attached, and the inline copies deleted. `inlineFull` names the failure when a copy passes the
 * inline size quota.
 */
export async function stagedSwap(
  iam: Iam,
  principal: { type: PrincipalType; name: string },
  swap: {
    stage: readonly { name: string; document: unknown }[];
    detach: readonly string[];
    attach: readonly string[];
  },
  inlineFull: (error: unknown) => Error,
): Promise<void> {
  const { type, name } = principal;
  for (const c of swap.stage) {
    try {
      await putInline(iam, type, name, c.name, c.document);
    } catch (error) {
      throw overQuota(error) ? inlineFull(error) : error;
    }
  }
  for (const arn of swap.detach) await detach(iam, type, name, arn);
  for (const arn of swap.attach) await attach(iam, type, name, arn);
  for (const c of swap.stage) await deleteInline(iam, type, name, c.name);
}
