import { undoes } from "../activity/stack-undo.js";
import type { ActionInfo } from "../catalog/types.js";
import { policyPatternTokens } from "../policy/arn.js";
import { patternCovers } from "../policy/covers.js";
import { tokensIntersect } from "../policy/glob.js";
import type { PrincipalPermissions } from "../policy/principal-permissions.js";
import type { CreatedResources } from "./created-series.js";
import { bestGrant, grantedScope } from "./grants.js";
import { grantsOn } from "./scope-as-granted.js";
import type { KeptGrant } from "./statements.js";

/**
 * A call only inferred to undo what the principal's creating call made (the delete of a stack's
 * resource CloudFormation created with its credentials: a rollback deletes what the stack's next
 * update creates, under names the window never saw) is kept where the creating call is: on each
 * pattern the creating action keeps in the resource's container, where a current grant of the undoing
 * action covers it, else on the undoing action's own patterns inside it, never past either grant. The
 * grants are added to `into`; true when they keep the resource.
 */
export function keptAsUndone(
  current: PrincipalPermissions,
  action: ActionInfo,
  resource: string,
  into: KeptGrant[],
  created?: CreatedResources,
): boolean {
  const made = created?.get(resource);
  const creating =
    made?.by !== undefined && undoes(action, made.by) ? current.catalog.action(made.by) : undefined;
  if (!made || !creating) return false;
  const inner = policyPatternTokens(made.container);
  const kept = bestGrant(current, creating.id, made.container)
    ? [made.container]
    : grantedScope(current, creating.id).patterns.filter((p) =>
        tokensIntersect(policyPatternTokens(p), inner),
      );
  const found: KeptGrant[] = [];
  for (const p of kept) {
    const on = patternCovers(p, made.container) ? made.container : p;
    if (bestGrant(current, action.id, on)) found.push(...grantsOn(current, action, on));
    else
      for (const q of grantedScope(current, action.id).patterns)
        if (patternCovers(on, q)) found.push(...grantsOn(current, action, q));
  }
  const keeps = found.some((g) => patternCovers(g.pattern, resource));
  if (keeps) into.push(...found);
  return keeps;
}
