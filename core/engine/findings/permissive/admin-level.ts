import type { Catalog } from "../../catalog/catalog.js";
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
  return effective.unconditional.count() === catalog.size ? "certain" : "conditional";
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
