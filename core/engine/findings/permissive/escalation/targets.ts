import type { PrincipalAccess } from "../../../account/permissions.js";
import type { ActionInfo } from "../../../catalog/types.js";
import { anyOf, type Tri } from "../../../policy/context.js";
import { attackContext, type PermissiveContext } from "../context.js";
import { trustsService } from "./trust.js";
import type { Requirement, Target } from "./types.js";

export interface RequirementResult {
  certainty: Tri;
  /** The resources that make the step exploitable, best first (a few, for evidence). */
  targets: string[];
}

/** Whether `other` can do something `subject` cannot: the only reason to pass, join or become it. */
export function morePrivileged(subject: PrincipalAccess, other: PrincipalAccess): boolean {
  if (other.principal.arn === subject.principal.arn) return false;
  return !other.permissions.effective().possible.isSubsetOf(subject.permissions.effective().possible);
}

/** Decides one requirement by evaluating the action on each resource its target stands for. */
export function resolveRequirement(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  requirement: Requirement,
): RequirementResult {
  const action = ctx.catalog.action(requirement.action)!;
  const extra: Record<string, string> =
    requirement.target.kind === "pass-role" ? { "iam:PassedToService": requirement.target.service } : {};
  const context = attackContext(ctx, subject, extra);
  const results = candidates(ctx, subject, action, requirement.target).map((resource) => {
    const decision = subject.permissions.evaluate({ action: action.key, resource, context }).decision;
    const certainty: Tri = decision === "Allow" ? "yes" : decision === "Conditional" ? "maybe" : "no";
    return { resource, certainty };
  });
  const certainty = anyOf(results.map((r) => r.certainty));
  const best = results.filter((r) => r.certainty === certainty && certainty !== "no");
  return { certainty, targets: best.slice(0, 5).map((r) => r.resource) };
}

function candidates(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  action: ActionInfo,
  target: Target,
): string[] {
  switch (target.kind) {
    case "new":
      return newResources(ctx, subject, action);
    case "pass-role":
    case "service-role": {
      const roles = ctx.snapshot.roles.filter(
        (role) =>
          (!target.instanceProfile || role.instanceProfiles.length > 0) &&
          trustsService(ctx, role, target.service) &&
          morePrivileged(subject, ctx.account.of(role.arn)!),
      );
      if (target.kind === "pass-role") return roles.map((r) => r.arn);
      return roles.length > 0 ? newResources(ctx, subject, action) : [];
    }
    case "principal":
      return principalsOf(ctx, target.type).map((p) => p.arn);
    case "privileged":
      return principalsOf(ctx, target.type)
        .filter((p) => morePrivileged(subject, ctx.account.of(p.arn)!))
        .map((p) => p.arn);
    case "own-policy":
      return subject.permissions.statements
        .map((s) => s.source)
        .filter((source, i, all) => all.indexOf(source) === i)
        .filter((source) => ctx.snapshot.managedPolicies[source]?.isAwsManaged === false);
  }
}

function principalsOf(ctx: PermissiveContext, type: "user" | "role" | "group") {
  return type === "user" ? ctx.snapshot.users : type === "role" ? ctx.snapshot.roles : ctx.snapshot.groups;
}

/**
 * Resources the caller could name when creating one: a concrete stand-in for each Resource pattern
 * of the statements that grant the action (a wildcard becomes a name the caller picks), and for
 * `*` the action's own ARN format in this account. Evaluating these through the evaluator keeps
 * Deny statements, boundaries and conditions in play.
 */
function newResources(ctx: PermissiveContext, subject: PrincipalAccess, action: ActionInfo): string[] {
  if (action.wildcardOnly) return ["*"];
  const format =
    action.resourceTypes.find((rt) => rt.required)?.arnFormat ?? action.resourceTypes[0]!.arnFormat;
  const own = fillFormat(format, ctx.snapshot.accountId);
  const out = new Set<string>([own]);
  for (const s of subject.permissions.statementsFor(action.id)) {
    if (s.statement.effect !== "Allow" || s.statement.notResource) continue;
    for (const pattern of s.statement.resources ?? []) {
      if (pattern !== "*") out.add(pattern.replace(/[*?]/g, "x"));
    }
  }
  return [...out].slice(0, 20);
}

function fillFormat(format: string, accountId: string): string {
  return format
    .replace("${Partition}", "aws")
    .replace("${Region}", "us-east-1")
    .replace("${Account}", accountId)
    .replace(/\$\{[^}]+\}/g, "whittle-new");
}
