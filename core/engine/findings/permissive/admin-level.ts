import type { ActionSet } from "../../catalog/action-set.js";
import type { Catalog } from "../../catalog/catalog.js";
import { hasPolicyVariable } from "../../policy/arn.js";
import { patternReaches } from "../../policy/compile.js";
import { patternNamesEveryArn } from "../../policy/every-resource.js";
import {
  type PolicyInput,
  PrincipalPermissions,
  type PrincipalPolicies,
} from "../../policy/principal-permissions.js";
import type { Statement } from "../../policy/types.js";

/**
 * The level the policies give as they stand. An Allow on a pattern naming every ARN (`arn:*`)
 * counts as one on `*`: it misses only the actions without resource-level permissions (List,
 * Describe), and grants every IAM action that would add them.
 */
export function policyLevel(
  catalog: Catalog,
  permissions: PrincipalPermissions,
): "certain" | "conditional" | undefined {
  const level = levelOf(catalog, permissions);
  if (level) return level;
  const widened = everyArnAsStar(permissions);
  return widened ? levelOf(catalog, widened) : undefined;
}

/** "certain": every action allowed everywhere without a condition; "conditional": every one allowed somewhere. */
export function levelOf(
  catalog: Catalog,
  permissions: PrincipalPermissions,
): "certain" | "conditional" | undefined {
  const effective = permissions.effective();
  if (effective.possible.count() !== catalog.size) return undefined;
  if (!deniedOutside(permissions).isEmpty()) return undefined;
  return effective.unconditional.count() === catalog.size ? "certain" : "conditional";
}

/** What the principal may do on some resource under some conditions, as the admin level reads it. */
export function adminPossible(permissions: PrincipalPermissions): ActionSet {
  const denied = deniedOutside(permissions);
  const { possible } = permissions.effective();
  return denied.isEmpty() ? possible : possible.minus(denied);
}

const outside = new WeakMap<PrincipalPermissions, ActionSet>();

/**
 * The actions a Deny with NotResource and no condition denies on every resource they act on: none
 * of their resource types has an ARN its patterns may name. The effective-permissions algebra
 * keeps them possible, as it keeps any Deny short of `*`. An action without resource-level
 * permissions is left out (which resource AWS checks it against is not documented), and so is
 * one a pattern holding a policy variable may name.
 */
function deniedOutside(permissions: PrincipalPermissions): ActionSet {
  let denied = outside.get(permissions);
  if (!denied) {
    const { catalog } = permissions;
    denied = catalog.emptySet();
    for (const s of permissions.statements) {
      const { effect, notResource, resources } = s.statement;
      if (effect !== "Deny" || !notResource || s.conditional || !resources) continue;
      if (resources.some(hasPolicyVariable)) continue;
      for (const id of s.actions.ids()) {
        const action = catalog.actions[id]!;
        if (action.wildcardOnly || action.resourceTypes.length === 0) continue;
        if (!resources.some((p) => patternReaches(p, action))) denied.add(id);
      }
    }
    outside.set(permissions, denied);
  }
  return denied;
}

const widenedOf = new WeakMap<PrincipalPermissions, PrincipalPermissions | null>();

/** The same policies with every Allow on a pattern naming every ARN made an Allow on `*`; undefined when none has one. */
function everyArnAsStar(permissions: PrincipalPermissions): PrincipalPermissions | undefined {
  let widened = widenedOf.get(permissions);
  if (widened === undefined) {
    widened = null;
    if (permissions.statements.some((s) => namesEveryArn(s.statement))) {
      const { identity, boundary, scps } = permissions.policies;
      const policies: PrincipalPolicies = {
        identity: identity.map(widen),
        ...(boundary ? { boundary: widen(boundary) } : {}),
        ...(scps ? { scps: scps.map((level) => level.map(widen)) } : {}),
      };
      widened = new PrincipalPermissions(permissions.catalog, policies);
    }
    widenedOf.set(permissions, widened);
  }
  return widened ?? undefined;
}

export function namesEveryArn(s: Statement): boolean {
  return (
    s.effect === "Allow" &&
    !s.notResource &&
    s.resources !== undefined &&
    !s.resources.includes("*") &&
    s.resources.some(patternNamesEveryArn)
  );
}

function widen(input: PolicyInput): PolicyInput {
  const statements = input.policy.statements.map((s) => (namesEveryArn(s) ? { ...s, resources: ["*"] } : s));
  return { ...input, policy: { ...input.policy, statements } };
}
