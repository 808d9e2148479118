import type { Principal, Role, Snapshot, User } from "./model.js";
import { principalByArn } from "./principal-index.js";
import { groupsOfUser } from "./relation-index.js";

/** One identity-based policy that applies to a principal, ready for the evaluator. */
export interface AppliedPolicy {
  /** The managed policy ARN, or `${ownerArn}#inline/${name}` for an inline policy. */
  source: string;
  kind: "inline" | "managed";
  /** The group the policy reaches a user through, when it does. */
  via?: string;
  document: unknown;
}

export interface PrincipalPolicies {
  identity: AppliedPolicy[];
  /** The permissions boundary, which caps identity policies (it grants nothing by itself). */
  boundary?: { source: string; document: unknown };
  /** Attached managed policy ARNs the snapshot holds no document for (permissions unknown). */
  missing: string[];
}

export function inlineSource(ownerArn: string, policyName: string): string {
  return `${ownerArn}#inline/${policyName}`;
}

/** A role's trust policy, named as sources are (it has no ARN of its own). */
export function trustSource(roleArn: string): string {
  return `${roleArn}#trust`;
}

/**
 * The bridge to the policy evaluator: every identity-based policy of a principal, and its boundary.
 * A user's effective identity policies include those of its groups (inline and attached), per
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html. Returns undefined for an ARN
 * the snapshot does not hold.
 */
export function policiesOf(snapshot: Snapshot, principalArn: string): PrincipalPolicies | undefined {
  const found = principalByArn(snapshot, principalArn);
  if (!found) return undefined;
  const { principal } = found;
  const user = found.type === "user" ? (principal as User) : undefined;
  const role = found.type === "role" ? (principal as Role) : undefined;

  const result: PrincipalPolicies = { identity: [], missing: [] };
  addOwnPolicies(snapshot, principal, undefined, result);
  if (user) for (const g of groupsOfUser(snapshot, user)) addOwnPolicies(snapshot, g, g.arn, result);

  const boundaryArn = (user ?? role)?.permissionsBoundaryArn;
  if (boundaryArn) {
    const policy = snapshot.managedPolicies[boundaryArn];
    if (policy) result.boundary = { source: boundaryArn, document: policy.document };
    else result.missing.push(boundaryArn);
  }
  return result;
}

function addOwnPolicies(
  snapshot: Snapshot,
  owner: Principal,
  via: string | undefined,
  result: PrincipalPolicies,
): void {
  const viaField = via ? { via } : {};
  for (const inline of owner.inlinePolicies) {
    result.identity.push({
      source: inlineSource(owner.arn, inline.name),
      kind: "inline",
      ...viaField,
      document: inline.document,
    });
  }
  for (const arn of owner.attachedPolicyArns) {
    const policy = snapshot.managedPolicies[arn];
    if (policy)
      result.identity.push({ source: arn, kind: "managed", ...viaField, document: policy.document });
    else if (!result.missing.includes(arn)) result.missing.push(arn);
  }
}
