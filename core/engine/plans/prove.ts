import type { ActionSet } from "../catalog/action-set.js";
import {
  type ObservedCall,
  proposedPermissions,
  proveCoversObserved,
  proveWithinCurrent,
} from "../generate/proof.js";
import type { PolicyDocument } from "../generate/types.js";
import type { CompiledStatement } from "../policy/compile.js";
import { type PolicyInput, PrincipalPermissions } from "../policy/principal-permissions.js";
import type { Statement } from "../policy/types.js";

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
  const added = proposedPermissions(current, documents).policies.identity;
  const after = new PrincipalPermissions(catalog, { ...current.policies, identity: [...kept, ...added] });
  // The kept Denies stay in force: the new Allows are proven against them as carried.
  const newAllows = new PrincipalPermissions(catalog, {
    ...current.policies,
    identity: [...added, ...kept.map(denyOnly)],
  });
  const within = proveWithinCurrent(catalog, current, newAllows);
  const dropped = droppedDenies(current, after, removed);
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

/** A Deny of a removed policy that still guards some Allow left after the change, and is not carried. */
function droppedDenies(
  current: PrincipalPermissions,
  after: PrincipalPermissions,
  removed: ReadonlySet<string>,
): string[] {
  const identity = (s: CompiledStatement) => s.layer === "identity";
  const allowed = current.catalog.emptySet();
  for (const s of after.statements)
    if (identity(s) && s.statement.effect === "Allow") allowed.unionInPlace(s.reach);
  const afterDenies = after.statements.filter((s) => identity(s) && s.statement.effect === "Deny");
  const out: string[] = [];
  for (const deny of current.statements) {
    if (!identity(deny) || deny.statement.effect !== "Deny" || !removed.has(deny.source)) continue;
    for (const id of deny.reach.intersect(allowed).ids()) {
      if (afterDenies.some((d) => d.actions.has(id) && sameScope(d.statement, deny.statement))) continue;
      out.push(
        `${current.catalog.actions[id]!.key}: the Deny in ${deny.source} (statement ${deny.statement.index}) would be removed while an Allow remains`,
      );
      if (out.length >= MAX_VIOLATIONS) return out;
    }
  }
  return out;
}

function sameScope(a: Statement, b: Statement): boolean {
  const scope = (s: Statement) =>
    JSON.stringify([s.notResource, [...(s.resources ?? ["*"])].sort(), s.conditions]);
  return scope(a) === scope(b);
}
