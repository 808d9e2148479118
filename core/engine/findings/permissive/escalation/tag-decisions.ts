import type { PrincipalAccess } from "../../../account/permissions.js";
import type { ActionInfo } from "../../../catalog/types.js";
import type { RequestContext, Tri } from "../../../policy/context.js";
import type { Decision } from "../../../policy/evaluate.js";
import type { PermissiveContext } from "../context.js";
import { mayRetag, retaggedAllows, taggedAllows, testsResourceTags } from "./resource-tags.js";

/**
 * The decision on `action` for each resource. A condition on the resource's tags is met by the
 * tags a user or role has, or, given `retagged`, is the caller's to meet on one it may tag (added
 * to it).
 */
export function byTags(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  action: ActionInfo,
  context: RequestContext,
  decisionOn: (resource: string) => Decision,
  retagged?: Set<string>,
): (resource: string) => Tri {
  const tagged = testsResourceTags(subject, action.id);
  const retaggable = tagged && retagged !== undefined && mayRetag(ctx, subject, action.id);
  return (resource) => {
    const decision = decisionOn(resource);
    if (decision === "Conditional" && tagged) {
      const withTags = taggedAllows(ctx, subject, action.key, resource, context);
      if (withTags === "yes") return "yes";
      if (retaggable && retaggedAllows(ctx, subject, action.key, resource, context)) {
        retagged?.add(resource);
        return "yes";
      }
      if (withTags === "no") return "no";
    }
    return decision === "Allow" ? "yes" : decision === "Conditional" ? "maybe" : "no";
  };
}
