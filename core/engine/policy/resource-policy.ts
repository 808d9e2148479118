import { allOf, anyOf, type Tri } from "./context.js";
import type { Decision } from "./evaluate.js";
import { globMatch } from "./glob.js";
import type { ConditionClause, Policy, Statement } from "./types.js";

/** A request to a resource-based policy (a role's trust policy): who calls, with what action. */
export interface PrincipalRequest {
  action: string;
  /** Whether one Principal element value (`AWS`, `Federated`, `Service`...) names the caller. */
  names(type: string, value: string): boolean;
  /** The Condition block, as this caller's request context decides it. */
  conditions(clauses: readonly ConditionClause[], statement: Statement): Tri;
}

export interface PrincipalMatch {
  statementIndex: number;
  effect: "Allow" | "Deny";
  certainty: Exclude<Tri, "no">;
}

/**
 * AWS's evaluation of a resource-based policy for one caller: a statement applies when its
 * Principal (or NotPrincipal) covers the caller, its Action the action, and its Condition holds;
 * an applicable Deny wins, and otherwise an applicable Allow lets the caller in. Three-valued, as
 * the identity evaluator: a "maybe" that could change the answer makes it Conditional.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
export function evaluateResourcePolicy(
  policy: Policy,
  request: PrincipalRequest,
): { decision: Decision; matched: PrincipalMatch[] } {
  const matched: PrincipalMatch[] = [];
  for (const statement of policy.statements) {
    if (!coversPrincipal(statement, request) || !coversAction(statement, request.action)) continue;
    const certainty = request.conditions(statement.conditions, statement);
    if (certainty === "no") continue;
    matched.push({ statementIndex: statement.index, effect: statement.effect, certainty });
  }
  const deny = anyOf(matched.filter((m) => m.effect === "Deny").map((m) => m.certainty));
  const allow = anyOf(matched.filter((m) => m.effect === "Allow").map((m) => m.certainty));
  const decision: Decision =
    deny === "yes"
      ? "ExplicitDeny"
      : allow === "no"
        ? "ImplicitDeny"
        : allOf([allow, deny === "no" ? "yes" : "maybe"]) === "yes"
          ? "Allow"
          : "Conditional";
  return { decision, matched };
}

/** `"Principal": "*"` covers everyone; `{"AWS": "*"}` every AWS principal; NotPrincipal everyone else. */
function coversPrincipal(statement: Statement, request: PrincipalRequest): boolean {
  const spec = statement.principal;
  if (!spec) return false;
  const named =
    spec.any ||
    Object.entries(spec.values).some(([type, values]) => values.some((v) => request.names(type, v)));
  return statement.notPrincipal ? !named : named;
}

function coversAction(statement: Statement, action: string): boolean {
  const hit = statement.actions.some((pattern) => globMatch(pattern, action, true));
  return statement.notAction ? !hit : hit;
}
