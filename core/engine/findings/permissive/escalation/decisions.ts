import type { RequestContext } from "../../../policy/context.js";
import type { Decision } from "../../../policy/evaluate.js";
import type { PrincipalPermissions } from "../../../policy/principal-permissions.js";

export interface Decisions {
  /** The evaluator's decision on the action for one resource. */
  on(resource: string): Decision;
  /** Every resource gets the same decision: a caller may stop after the first it needs. */
  uniform: boolean;
}

/**
 * One principal's decisions on one action under one request context, per resource. When every
 * statement naming the action applies to every resource (no Resource element, or `*` among its
 * patterns; no NotResource), the resource cannot change the answer: it is evaluated once, not once
 * per role of a large account.
 */
export function decisionsOn(
  permissions: PrincipalPermissions,
  action: string,
  context: RequestContext,
): Decisions {
  const evaluate = (resource: string) => permissions.evaluate({ action, resource, context }).decision;
  const known = permissions.catalog.action(action);
  if (!known) return { on: evaluate, uniform: false };
  const uniform = permissions
    .statementsNaming(known.id)
    .every(
      (s) =>
        s.statement.resources === undefined ||
        (!s.statement.notResource && s.statement.resources.includes("*")),
    );
  if (!uniform) return { on: evaluate, uniform };
  let decision: Decision | undefined;
  return {
    on: (resource) => {
      decision ??= evaluate(resource);
      return decision;
    },
    uniform,
  };
}
