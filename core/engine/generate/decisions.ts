import type { EvaluationResult } from "../policy/evaluate.js";
import type { PrincipalPermissions } from "../policy/principal-permissions.js";

const remembered = new WeakMap<PrincipalPermissions, Map<string, Map<string, EvaluationResult>>>();

/**
 * A call with no recorded context, evaluated against a principal's current policies once:
 * scoping evaluates every observed call, and coversObserved replays the same calls against the
 * same, unchanged policies. Keyed by the compiled policies, the action and the resource.
 */
export function evaluateUnqualified(
  permissions: PrincipalPermissions,
  action: string,
  resource: string,
): EvaluationResult {
  let byAction = remembered.get(permissions);
  if (!byAction) {
    byAction = new Map();
    remembered.set(permissions, byAction);
  }
  let byResource = byAction.get(action);
  if (!byResource) {
    byResource = new Map();
    byAction.set(action, byResource);
  }
  let result = byResource.get(resource);
  if (!result) {
    result = permissions.evaluate({ action, resource });
    byResource.set(resource, result);
  }
  return result;
}
