import type { ActionSet } from "../catalog/action-set.js";
import type { CompiledStatement } from "../policy/compile.js";
import type { PrincipalPermissions } from "../policy/principal-permissions.js";
import { UNRECORDED_TARGETS } from "./knowledge/unrecorded-targets.js";

/**
 * The actions the trail read shows for this principal: the observable ones, less those an identity
 * Allow could use on a target no trail records (sns:Publish on `*` may be texting a phone number).
 * Conditions are not weighed: a grant that might reach the target keeps the action unobservable.
 */
export function observableFor(current: PrincipalPermissions, observable: ActionSet): ActionSet {
  let out = observable;
  for (const { action: key } of UNRECORDED_TARGETS) {
    const action = current.catalog.action(key);
    if (!action || !out.has(action.id)) continue;
    // Every statement naming it, whatever ARNs it reaches: NotResource of every topic still texts.
    if (!current.statementsNaming(action.id).some(reachesNonArn)) continue;
    const without = current.catalog.emptySet();
    without.add(action.id);
    out = out.minus(without);
  }
  return out;
}

/** Whether an identity Allow reaches a resource that is no ARN: by `*`, or a NotResource without it. */
function reachesNonArn(s: CompiledStatement): boolean {
  if (s.layer !== "identity" || s.statement.effect !== "Allow") return false;
  const { resources, notResource } = s.statement;
  if (!resources) return true;
  return notResource ? !resources.includes("*") : resources.includes("*");
}
