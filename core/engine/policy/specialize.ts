import { evaluateClause } from "./conditions.js";
import type { RequestContext } from "./context.js";
import type { PolicyInput, PrincipalPolicies } from "./principal-permissions.js";
import type { Statement } from "./types.js";

/**
 * A principal's policies as they stand for every request made in `context`: a condition clause the
 * context makes true is dropped, and a statement with a clause it makes false is left out (it
 * applies to no such request). Clauses the context cannot decide stay, so the effective-permissions
 * algebra, which reads any condition as a doubt, answers for those requests alone. Undefined when
 * the context decides no clause: the policies are then the same.
 */
export function specializePolicies(
  policies: PrincipalPolicies,
  context: RequestContext,
): PrincipalPolicies | undefined {
  let changed = false;
  const specialize = (input: PolicyInput): PolicyInput => {
    const statements = input.policy.statements.flatMap((s) => specializeStatement(s, context));
    const same =
      statements.length === input.policy.statements.length &&
      statements.every((s, i) => s === input.policy.statements[i]);
    if (same) return input;
    changed = true;
    return { ...input, policy: { ...input.policy, statements } };
  };
  const out: PrincipalPolicies = {
    identity: policies.identity.map(specialize),
    ...(policies.boundary ? { boundary: specialize(policies.boundary) } : {}),
    ...(policies.scps ? { scps: policies.scps.map((level) => level.map(specialize)) } : {}),
  };
  return changed ? out : undefined;
}

/** The statement with the clauses `context` makes true dropped; none when one is false. */
function specializeStatement(statement: Statement, context: RequestContext): Statement[] {
  if (statement.conditions.length === 0) return [statement];
  const kept = [];
  for (const clause of statement.conditions) {
    const result = evaluateClause(clause, context);
    if (result === "no") return [];
    if (result === "maybe") kept.push(clause);
  }
  return kept.length === statement.conditions.length ? [statement] : [{ ...statement, conditions: kept }];
}
