import type { PrincipalAccess } from "../../../account/permissions.js";
import type { ActionInfo } from "../../../catalog/types.js";
import { anyOf, type Tri } from "../../../policy/context.js";
import type { Group, ManagedPolicy, Snapshot } from "../../../snapshot/model.js";
import { attachedTo } from "../../../snapshot/relation-index.js";
import type { PermissiveContext } from "../context.js";
import { reachableRoles } from "./assume.js";
import { grantRoom, groupGrantRoom } from "./capability.js";
import { nameable } from "./nameable.js";
import { versionable } from "./target-room.js";

/**
 * The customer managed policies whose new or switched version grants something to a user, role or
 * group it is attached to, with the principals that gain (a boundary caps what each gains; "maybe"
 * where none surely gains, a comparison cut short). Left
 * out: the caller's own policies, and as gaining, the roles it reaches, which `own-policy` and
 * `assumable-policy` name. In the account's order, one at a time: the caller stops once it holds
 * enough sure targets, and a large account's thousands of policies are then never looked at.
 */
export function* attachedPolicies(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  action: ActionInfo,
): Generator<{ arn: string; gaining: string[]; cap: Tri }> {
  const own = new Set(subject.permissions.statements.map((s) => s.source));
  let reached: Set<string> | undefined;
  for (const policy of nameable(subject, action, customerPolicies(ctx.snapshot))) {
    if (own.has(policy.arn) || !versionable(ctx, policy.arn, action)) continue;
    const holders = attachedTo(ctx.snapshot, policy.arn);
    if (holders.length === 0) continue;
    reached ??= new Set(reachableRoles(ctx, subject).map(({ role }) => role.arn));
    const gains = holders.map((h): Tri => {
      if (h.type === "group") return groupGrantRoom(ctx, subject, h.principal as Group);
      if (h.type === "role" && reached!.has(h.principal.arn)) return "no";
      const access = ctx.account.of(h.principal.arn);
      return access ? grantRoom(ctx, subject, access) : "yes";
    });
    const gaining = holders.filter((_, i) => gains[i] !== "no").map((h) => h.principal.arn);
    if (gaining.length > 0) yield { arn: policy.arn, gaining, cap: anyOf(gains) };
  }
}

const customer = new WeakMap<Snapshot, readonly ManagedPolicy[]>();

/** The account's customer managed policies, listed once per snapshot (nameable indexes the list). */
function customerPolicies(snapshot: Snapshot): readonly ManagedPolicy[] {
  let list = customer.get(snapshot);
  if (!list) {
    list = Object.values(snapshot.managedPolicies).filter((p) => p.isAwsManaged === false);
    customer.set(snapshot, list);
  }
  return list;
}
