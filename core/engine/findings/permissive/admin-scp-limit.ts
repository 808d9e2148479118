import type { PrincipalAccess } from "../../account/permissions.js";
import type { ActionSet } from "../../catalog/action-set.js";
import type { Catalog } from "../../catalog/catalog.js";
import type { CompiledStatement } from "../../policy/compile.js";
import { PrincipalPermissions } from "../../policy/principal-permissions.js";
import { adminPossible, policyLevel } from "./admin-level.js";
import type { PermissiveContext } from "./context.js";
import { ownCallKinds, ownPossible } from "./own-facts.js";

/**
 * The SCP statements that take actions away from an account-level administrator: Deny statements
 * that reach a lost action, and Allow statements of an allow-list SCP that leave some action out.
 */
function limitingScps(permissions: PrincipalPermissions, lost: ActionSet) {
  return permissions.statements.filter(
    (s) =>
      s.layer === "scp" &&
      (s.statement.effect === "Deny"
        ? !s.reach.intersect(lost).isEmpty()
        : s.reach.count() !== permissions.catalog.size),
  );
}

export type ScpLimit = { lost: ActionSet; limitedBy: CompiledStatement[] };
const limits = new WeakMap<PrincipalAccess, ScpLimit | null>();

/** An administrator in its account whose SCPs cut part of it: reported as the SCPs leave it. */
export function scpLimited(catalog: Catalog, subject: PrincipalAccess): ScpLimit | undefined {
  const { permissions } = subject;
  if (permissions.scpLevels === 0) return undefined;
  let limit = limits.get(subject);
  if (limit === undefined) {
    const { scps: _, ...own } = permissions.policies;
    const unlimited = new PrincipalPermissions(catalog, own);
    limit = null;
    if (policyLevel(catalog, unlimited)) {
      const lost = adminPossible(unlimited).minus(adminPossible(permissions));
      limit = { lost, limitedBy: limitingScps(permissions, lost) };
    }
    limits.set(subject, limit);
  }
  return limit ?? undefined;
}

/**
 * scpLimited as the admin-access finding reports it: undefined, no administrator at all, where the
 * SCPs leave the calls it signs itself nothing (ownCallLimit).
 */
export function scpLimitedAdmin(ctx: PermissiveContext, subject: PrincipalAccess): OwnCallLimit | undefined {
  const found = scpLimited(ctx.catalog, subject);
  return found && ownCallLimit(ctx, subject, found);
}

/**
 * An SCP limit as the principal's own calls stand: `lost` taken from every one of them, `partly`
 * from those of one kind (a user's calls as itself, or as a federated user) that another kind may
 * still make, where an SCP's condition is decided for the one and not for the other.
 */
export type OwnCallLimit = ScpLimit & {
  partly: ActionSet;
  partlyFrom: { calls: string; actions: ActionSet }[];
};

/**
 * What the SCPs take from the calls the principal signs itself, whose ARN and principal type decide
 * their conditions: a Deny sparing another principal by aws:PrincipalArn takes its actions from every
 * such call, where the algebra over the policies alone keeps a conditional Deny's actions possible.
 * Undefined when the SCPs leave those calls nothing: no administrator then, however its own policies read.
 */
function ownCallLimit(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  limit: ScpLimit,
): OwnCallLimit | undefined {
  const { scps: _, ...own } = subject.permissions.policies;
  const unlimited = { ...subject, permissions: new PrincipalPermissions(ctx.catalog, own) };
  const left = ownPossible(ctx, subject);
  if (left.isEmpty()) return undefined;
  const lost = limit.lost.union(ownPossible(ctx, unlimited).minus(left));
  // Kinds of call line up by place: the first the principal's own, the next its federated sessions.
  const kinds = ownCallKinds(ctx, subject);
  const free = ownCallKinds(ctx, unlimited);
  const partly = ctx.catalog.emptySet();
  const partlyFrom: OwnCallLimit["partlyFrom"] = [];
  for (const [i, kind] of kinds.entries()) {
    const before = free[i];
    if (!before) continue;
    const taken = before.permissions
      .effective()
      .possible.minus(kind.permissions.effective().possible)
      .minus(lost);
    if (taken.isEmpty()) continue;
    partly.unionInPlace(taken);
    partlyFrom.push({ calls: callKind(subject, i), actions: taken });
  }
  return { lost, limitedBy: limitingScps(subject.permissions, lost.union(partly)), partly, partlyFrom };
}

const callKind = (subject: PrincipalAccess, i: number) =>
  subject.type === "group"
    ? i === 0
      ? "its members' own calls"
      : "its members' federated-user sessions"
    : i === 0
      ? "the calls it signs itself"
      : "its federated-user sessions";
