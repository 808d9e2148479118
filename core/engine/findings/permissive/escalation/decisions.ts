import { evaluateConditions } from "../../../policy/conditions.js";
import { anyOf, type RequestContext, type Tri } from "../../../policy/context.js";
import type { Decision } from "../../../policy/evaluate.js";
import type { PrincipalPermissions } from "../../../policy/principal-permissions.js";

export interface Decisions {
  /** The evaluator's decision on the action for one resource. */
  on(resource: string): Decision;
  /** Every resource gets the same decision: a caller may stop after the first it needs. */
  uniform: boolean;
  /**
   * The best any resource can get: "yes" when some identity Allow's conditions hold in the context,
   * "maybe" when some might, "no" when none can (no resource is then allowed, even conditionally).
   */
  bound: Tri;
}

/**
 * One principal's decisions on one action under one request context, per resource. When every
 * statement naming the action applies to every resource (no Resource element, or `*` among its
 * patterns; no NotResource), the resource cannot change the answer: it is evaluated once, not once
 * per role of a large account. The bound reads only conditions, which do not depend on the resource:
 * a resource can only lower an identity Allow (by not matching), and Deny, boundary and SCPs only
 * lower the decision further.
 */
export function decisionsOn(
  permissions: PrincipalPermissions,
  action: string,
  context: RequestContext,
): Decisions {
  const evaluate = (resource: string) => permissions.evaluate({ action, resource, context }).decision;
  const known = permissions.catalog.action(action);
  if (!known) return { on: evaluate, uniform: false, bound: "maybe" };
  const statements = permissions.statementsNaming(known.id);
  const bound = anyOf(
    statements
      .filter((s) => s.layer === "identity" && s.statement.effect === "Allow")
      .map((s) => evaluateConditions(s.statement.conditions, context)),
  );
  const uniform = statements.every(
    (s) =>
      s.statement.resources === undefined ||
      (!s.statement.notResource && s.statement.resources.includes("*")),
  );
  if (!uniform) return { on: evaluate, uniform, bound };
  let decision: Decision | undefined;
  return {
    on: (resource) => {
      decision ??= evaluate(resource);
      return decision;
    },
    uniform,
    bound,
  };
}
