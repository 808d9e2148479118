import type { PrincipalAccess } from "../../../account/permissions.js";
import { allOf, type Tri } from "../../../policy/context.js";
import type { PermissiveContext } from "../context.js";
import { ESCALATION_PATHS } from "./paths.js";
import { resolveRequirement } from "./targets.js";
import type { EscalationPath } from "./types.js";

export interface PathStep {
  action: string;
  certainty: Exclude<Tri, "no">;
  /** Real resources of the snapshot the step works on. */
  targets: string[];
  /** What the step works on when IAM data cannot list it. */
  unlisted?: string;
}

export interface PathMatch {
  path: EscalationPath;
  /** "maybe": some step holds only under a condition the snapshot cannot decide. */
  certainty: Exclude<Tri, "no">;
  steps: PathStep[];
}

const cache = new WeakMap<PermissiveContext, Map<string, PathMatch[]>>();

/**
 * The known paths a principal can take by itself: every required action effectively allowed
 * (after Deny, boundary and conditions) on a resource that makes it exploitable. Memoized per
 * context, since the transitive analysis asks again about each role it reaches.
 */
export function directPaths(ctx: PermissiveContext, subject: PrincipalAccess): PathMatch[] {
  let memo = cache.get(ctx);
  if (!memo) {
    memo = new Map();
    cache.set(ctx, memo);
  }
  const hit = memo.get(subject.principal.arn);
  if (hit) return hit;
  const possible = subject.permissions.effective().possible;
  const matches: PathMatch[] = [];
  // Paths share steps (iam:PassRole to Lambda appears in several): each is resolved once.
  const resolved = new Map<string, ReturnType<typeof resolveRequirement>>();
  const resolve = (requirement: EscalationPath["requires"][number]) => {
    const key = `${requirement.action}\u0000${JSON.stringify(requirement.target)}`;
    let result = resolved.get(key);
    if (!result) {
      result = resolveRequirement(ctx, subject, requirement);
      resolved.set(key, result);
    }
    return result;
  };
  for (const path of ESCALATION_PATHS) {
    if (!path.requires.every((r) => possible.has(ctx.catalog.action(r.action)!.id))) continue;
    const steps: PathStep[] = [];
    for (const requirement of path.requires) {
      const result = resolve(requirement);
      if (result.certainty === "no") break;
      steps.push({
        action: requirement.action,
        certainty: result.certainty,
        targets: result.targets,
        ...(result.unlisted ? { unlisted: result.unlisted } : {}),
      });
    }
    if (steps.length < path.requires.length) continue;
    const certainty = allOf(steps.map((s) => s.certainty)) as PathStep["certainty"];
    matches.push({ path, certainty, steps });
  }
  memo.set(subject.principal.arn, matches);
  return matches;
}
