import type { PrincipalAccess } from "../../../account/permissions.js";
import type { Catalog } from "../../../catalog/catalog.js";
import { isValidRegion } from "../../../policy/arn.js";
import { allOf, type Tri } from "../../../policy/context.js";
import { calledAtIam, type PermissiveContext } from "../context.js";
import { ESCALATION_PATHS } from "./paths.js";
import { mayServe, type RequirementResult, resolveRequirement } from "./targets.js";
import type { EscalationPath, PrincipalType, Requirement } from "./types.js";

export interface PathStep {
  action: string;
  certainty: Exclude<Tri, "no">;
  /** Real resources of the snapshot the step works on. */
  targets: string[];
  /** What the step works on when IAM data cannot list it. */
  unlisted?: string;
  /** Targets whose tags the caller sets first, to meet a condition on them. */
  retagged?: string[];
  /** The managed policy the step attaches (or puts or creates its principal with as a boundary), picked to meet a condition on it. */
  policyArn?: string;
  /** Users holding two access keys already, one of which the caller deletes first. */
  deletesKeyFirst?: string[];
  /** Policies holding five versions already, one of which the caller deletes first. */
  deletesVersionFirst?: string[];
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
 * context, since the transitive analysis asks again about each role it reaches. `caller` is who
 * takes the path with the subject's permissions: the subject itself, or the user at the start of a
 * chain of roles (a role it assumes can add that user to a group).
 */
export function directPaths(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  caller: PrincipalType = subject.type,
): PathMatch[] {
  let memo = cache.get(ctx);
  if (!memo) {
    memo = new Map();
    cache.set(ctx, memo);
  }
  const memoKey = `${caller}\u0000${subject.principal.arn}`;
  const hit = memo.get(memoKey);
  if (hit) return hit;
  const matches = matchPaths(ctx, subject, caller, ESCALATION_PATHS);
  memo.set(memoKey, matches);
  return matches;
}

/**
 * The paths by which `subject` comes to act as `target`, a user or role of its account, whatever
 * the target can do and however it compares with the subject: the target's own credentials (an
 * access key, a console password), its trust policy rewritten, or code run with it as a passed or
 * service role, the path's other steps creating only resources of the subject's own. The
 * organization rollup asks it of principals that lead into other accounts, which the account's
 * own analysis cannot weigh.
 */
export function takeOverPaths(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  target: PrincipalAccess,
): PathMatch[] {
  if (target.type === "group" || target.principal.arn === subject.principal.arn) return [];
  const type = target.type;
  const arn = target.principal.arn;
  // A path passing the role to a service the role does not trust cannot take it over.
  const paths = takeOverCandidates(ctx, subject, type).filter((p) =>
    p.requires.every((r) => !becomes(r, type) || mayServe(ctx, r.target, arn)),
  );
  if (paths.length === 0) return [];
  return matchPaths(ctx, subject, subject.type, paths, (r) => (becomes(r, type) ? arn : undefined));
}

/** Whether `subject` holds every action of some path taking over a user or role of `type`. */
export function mayTakeOver(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  type: "user" | "role",
): boolean {
  return takeOverCandidates(ctx, subject, type).length > 0;
}

const takeOverShaped = new Map<"user" | "role", EscalationPath[]>();
const takeOverHeld = new WeakMap<PrincipalAccess, Map<"user" | "role", EscalationPath[]>>();

/**
 * The paths taking over a principal of `type` that the subject may take, every action possible to
 * it: asked once per subject, since the rollup asks it of every caller for every principal.
 */
function takeOverCandidates(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  type: "user" | "role",
): EscalationPath[] {
  let byType = takeOverHeld.get(subject);
  if (!byType) {
    byType = new Map();
    takeOverHeld.set(subject, byType);
  }
  let held = byType.get(type);
  if (!held) {
    let shaped = takeOverShaped.get(type);
    if (!shaped) {
      shaped = ESCALATION_PATHS.filter(
        (p) =>
          p.requires.some((r) => becomes(r, type)) &&
          p.requires.every((r) => becomes(r, type) || r.target.kind === "new" || isAnyRole(r)),
      );
      takeOverShaped.set(type, shaped);
    }
    const possible = subject.permissions.effective().possible;
    const required = requiredIds(ctx.catalog);
    held = shaped.filter(
      (p) =>
        (!p.takenBy || p.takenBy.includes(subject.type)) && required.get(p)!.every((id) => possible.has(id)),
    );
    byType.set(type, held);
  }
  return held;
}

/** A step that gives the caller the one principal it works on, of `type`. */
function becomes(requirement: Requirement, type: "user" | "role"): boolean {
  const { target } = requirement;
  if (target.kind === "privileged") return target.type === type;
  if (target.kind === "pass-role") return type === "role" && !target.anyRole;
  return target.kind === "service-role" && type === "role";
}

const isAnyRole = (r: Requirement) => r.target.kind === "pass-role" && r.target.anyRole === true;

/** The `paths` the subject can take, each step on the principal `only` names for it, if any. */
function matchPaths(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  caller: PrincipalType,
  paths: readonly EscalationPath[],
  only: (requirement: Requirement) => string | undefined = () => undefined,
): PathMatch[] {
  const possible = subject.permissions.effective().possible;
  const matches: PathMatch[] = [];
  const resolved = stepsOf(ctx, subject);
  const resolve = (requirement: Requirement, region?: string) => {
    const one = only(requirement);
    const key =
      region === undefined && one === undefined
        ? requirementKey(requirement)
        : `${requirementKey(requirement)}\u0000${region ?? ""}\u0000${one ?? ""}`;
    let result = resolved.get(key);
    if (!result) {
      result = resolveRequirement(ctx, subject, requirement, region, one);
      resolved.set(key, result);
    }
    return result;
  };
  const stepsIn = (path: EscalationPath, region?: string): PathStep[] | undefined => {
    const steps: PathStep[] = [];
    for (const requirement of path.requires) {
      const result = resolve(requirement, region);
      if (result.certainty === "no") return undefined;
      steps.push({
        action: requirement.action,
        certainty: result.certainty,
        targets: result.targets,
        ...(result.unlisted ? { unlisted: result.unlisted } : {}),
        ...(result.retagged ? { retagged: result.retagged } : {}),
        ...(result.policyArn ? { policyArn: result.policyArn } : {}),
        ...(result.deletesKeyFirst ? { deletesKeyFirst: result.deletesKeyFirst } : {}),
        ...(result.deletesVersionFirst ? { deletesVersionFirst: result.deletesVersionFirst } : {}),
      });
    }
    return steps;
  };
  const certaintyOf = (steps: PathStep[]) => allOf(steps.map((s) => s.certainty)) as PathStep["certainty"];
  const required = requiredIds(ctx.catalog);
  for (const path of paths) {
    if (path.takenBy && !path.takenBy.includes(caller)) continue;
    if (!required.get(path)!.every((id) => possible.has(id))) continue;
    let steps = stepsIn(path);
    if (!steps) continue;
    // A path whose calls the caller may make in a region of its choosing, certain in one of them.
    if (certaintyOf(steps) === "maybe" && path.requires.some((r) => !calledAtIam(r.action)))
      for (const region of pathRegions(subject)) {
        const there = stepsIn(path, region);
        if (there && certaintyOf(there) === "yes") {
          steps = there;
          break;
        }
      }
    matches.push({ path, certainty: certaintyOf(steps), steps });
  }
  return matches;
}

const regionsOf = new WeakMap<PrincipalAccess, string[]>();

/**
 * The regions worth trying as the one a path's calls are made in: those the subject's conditions on
 * aws:RequestedRegion name. The caller picks the region of each call it makes (and of the calls a
 * role is passed in), so a path allowed only in eu-west-1, or denied outside it, is certain there;
 * IAM's own calls stay in us-east-1 (iamRegion).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-requestedregion
 */
function pathRegions(subject: PrincipalAccess): string[] {
  let regions = regionsOf.get(subject);
  if (!regions) {
    const named = subject.permissions.statements
      .flatMap((s) => s.statement.conditions)
      .filter((c) => c.key.toLowerCase() === "aws:requestedregion")
      .flatMap((c) => c.values)
      .filter((v) => v !== "" && isValidRegion(v));
    regions = [...new Set(named)];
    regionsOf.set(subject, regions);
  }
  return regions;
}

const resolvedSteps = new WeakMap<
  PermissiveContext,
  WeakMap<PrincipalAccess, Map<string, RequirementResult>>
>();

/**
 * The subject's resolved steps, by requirement: paths share steps (iam:PassRole to Lambda appears
 * in several), and a step's resolution is the subject's whoever takes the path, so a role that
 * users' chains reach and that is analyzed for itself resolves each step once.
 */
function stepsOf(ctx: PermissiveContext, subject: PrincipalAccess): Map<string, RequirementResult> {
  let bySubject = resolvedSteps.get(ctx);
  if (!bySubject) {
    bySubject = new WeakMap();
    resolvedSteps.set(ctx, bySubject);
  }
  let resolved = bySubject.get(subject);
  if (!resolved) {
    resolved = new Map();
    bySubject.set(subject, resolved);
  }
  return resolved;
}

const idsByCatalog = new WeakMap<Catalog, Map<EscalationPath, number[]>>();

/** Each path's required actions as catalog ids, looked up once rather than per principal. */
function requiredIds(catalog: Catalog): Map<EscalationPath, number[]> {
  let ids = idsByCatalog.get(catalog);
  if (!ids) {
    ids = new Map(ESCALATION_PATHS.map((p) => [p, p.requires.map((r) => catalog.action(r.action)!.id)]));
    idsByCatalog.set(catalog, ids);
  }
  return ids;
}

const keys = new WeakMap<Requirement, string>();

/** Equal steps of different paths (the tables build each anew) share one key. */
function requirementKey(requirement: Requirement): string {
  let key = keys.get(requirement);
  if (key === undefined) {
    key = `${requirement.action}\u0000${JSON.stringify(requirement.target)}`;
    keys.set(requirement, key);
  }
  return key;
}
