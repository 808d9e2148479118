import type { PrincipalAccess } from "../../../account/permissions.js";
import type { ActionInfo } from "../../../catalog/types.js";
import type { RequestContext, Tri } from "../../../policy/context.js";
import type { Decision } from "../../../policy/evaluate.js";
import type { PermissiveContext } from "../context.js";
import { mayRetag, retaggedAllows, taggedAllows, testsResourceTags } from "./resource-tags.js";
import { testsTargetBoundary, withTargetBoundary } from "./target-boundary.js";

/**
 * The decision on `action` for each resource. A condition on the resource's tags is met by the
 * tags a user or role has, or, given `retagged`, is the caller's to meet on one it may tag (added
 * to it); one on iam:PermissionsBoundary, where the call reads the target's, by the boundary it has.
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
  const bounded = testsTargetBoundary(subject, action);
  const retaggable = tagged && retagged !== undefined && mayRetag(ctx, subject, action.id);
  return (resource) => {
    const decision = decisionOn(resource);
    if (decision === "Conditional" && (tagged || bounded)) {
      const withBoundary = bounded ? withTargetBoundary(ctx, resource, context) : undefined;
      const known = withBoundary ?? context;
      let withTags = tagged ? taggedAllows(ctx, subject, action.key, resource, known) : "maybe";
      // Tags not read (or none tested) leave the boundary alone to decide what it can.
      if (withTags === "maybe" && withBoundary)
        withTags = decided(subject, action.key, resource, withBoundary);
      if (withTags === "yes") return "yes";
      if (retaggable && retaggedAllows(ctx, subject, action.key, resource, known)) {
        retagged?.add(resource);
        return "yes";
      }
      if (withTags === "no") return "no";
    }
    return decision === "Allow" ? "yes" : decision === "Conditional" ? "maybe" : "no";
  };
}

function decided(subject: PrincipalAccess, action: string, resource: string, context: RequestContext): Tri {
  const { decision } = subject.permissions.evaluate({ action, resource, context });
  return decision === "Allow" ? "yes" : decision === "Conditional" ? "maybe" : "no";
}
