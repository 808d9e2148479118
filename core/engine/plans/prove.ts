import type { ActionSet } from "../catalog/action-set.js";
import {
  droppedDenies,
  type ObservedCall,
  proposedPermissions,
  proveCoversObserved,
  proveWithinCurrent,
} from "../generate/proof.js";
import { policySize } from "../generate/split.js";
import type { PolicyDocument } from "../generate/types.js";
import { type PolicyInput, PrincipalPermissions } from "../policy/principal-permissions.js";

export interface PrincipalProof {
  principalArn: string;
  withinCurrent: boolean;
  coversObserved: boolean;
  violations: string[];
}

export interface ProofInput {
  principalArn: string;
  current: PrincipalPermissions;
  /** Sources (policy ARNs, `arn#inline/name`) the change takes away from this principal. */
  removed: ReadonlySet<string>;
  documents: readonly PolicyDocument[];
  calls: readonly ObservedCall[];
}

/**
 * A principal's proof made beside its recommendation, in the thread that computed it, with the
 * sources it counted as removed: a plan that removes the same ones, creating the recommendation's
 * documents, takes it as its own.
 */
export type PlanProof = PrincipalProof & { removedActions: ActionSet; removed: string[] };

const MAX_VIOLATIONS = 20;

/**
 * The proofs for one principal a plan touches, over its whole identity after the change: the
 * policies it keeps (its own, its other groups') plus the new documents. withinCurrent: the new
 * Allows are within today's grants (the kept policies are unchanged), and no Deny of a removed
 * policy is dropped while a kept or new Allow still reaches its actions. coversObserved: every
 * observed call is still allowed.
 */
export function provePrincipal(input: ProofInput): PrincipalProof & { removedActions: ActionSet } {
  const { current, removed, documents } = input;
  const { catalog } = current;
  const kept = current.policies.identity.filter((p) => !removed.has(p.source));
  // Sized, documents of the generator's shape are read as typed, not parsed: a plan's documents are
  // its recommendation's, which another thread may have generated (and so read) apart.
  const added = proposedPermissions(current, documents, documents.map(policySize)).policies.identity;
  const after = new PrincipalPermissions(catalog, { ...current.policies, identity: [...kept, ...added] });
  // The kept Denies stay in force: the new Allows are proven against them as carried.
  const newAllows = new PrincipalPermissions(catalog, {
    ...current.policies,
    identity: [...added, ...kept.map(denyOnly)],
  });
  const within = proveWithinCurrent(catalog, current, newAllows);
  const dropped = droppedDenies(current, after, removed, MAX_VIOLATIONS);
  const covers = proveCoversObserved(current, after, input.calls);
  const violations = [...within.violations, ...dropped, ...covers.violations];
  return {
    principalArn: input.principalArn,
    withinCurrent: within.ok && dropped.length === 0,
    coversObserved: covers.ok,
    violations: violations.slice(0, MAX_VIOLATIONS),
    removedActions: current.effective().possible.minus(after.effective().possible),
  };
}

function denyOnly(input: PolicyInput): PolicyInput {
  return {
    source: input.source,
    policy: { ...input.policy, statements: input.policy.statements.filter((s) => s.effect === "Deny") },
  };
}
