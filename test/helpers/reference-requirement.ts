import type { PrincipalAccess } from "../../core/engine/account/permissions.js";
import {
  attackContext,
  callContext,
  type PermissiveContext,
} from "../../core/engine/findings/permissive/context.js";
import {
  boundaryHolds,
  grantRoom,
  groupGrantRoom,
  morePrivileged,
  moreWithoutBoundary,
} from "../../core/engine/findings/permissive/escalation/capability.js";
import { chosenPolicies } from "../../core/engine/findings/permissive/escalation/chosen-policy.js";
import { poolTakeovers } from "../../core/engine/findings/permissive/escalation/cognito-pools.js";
import { newResources } from "../../core/engine/findings/permissive/escalation/new-resources.js";
import { nodeCommands } from "../../core/engine/findings/permissive/escalation/node-commands.js";
import { clientIdTakeovers } from "../../core/engine/findings/permissive/escalation/oidc-client-ids.js";
import {
  retaggedAllows,
  taggedAllows,
} from "../../core/engine/findings/permissive/escalation/resource-tags.js";
import { retagGains } from "../../core/engine/findings/permissive/escalation/retag.js";
import { samlTakeovers } from "../../core/engine/findings/permissive/escalation/saml-providers.js";
import type { RequirementResult } from "../../core/engine/findings/permissive/escalation/targets.js";
import { serviceTrustCap, trustsService } from "../../core/engine/findings/permissive/escalation/trust.js";
import type { Requirement } from "../../core/engine/findings/permissive/escalation/types.js";
import { allOf, anyOf, type RequestContext, type Tri } from "../../core/engine/policy/context.js";
import { referenceAssumableRoles } from "./reference-escalation.js";

const MAX_TARGETS = 5;

/**
 * The straightforward resolution of one escalation requirement the engine's must agree with:
 * every candidate resource of the snapshot evaluated with the evaluator, in order, no index, no
 * decision shared between resources; only the documented stop after five certain targets. Where
 * the policies test the ARN of the policy attached, each policy the engine would pick is tried in
 * turn, the first that makes the step certain kept; else the key stays unknown.
 */
export function referenceRequirement(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  requirement: Requirement,
): RequirementResult {
  const action = ctx.catalog.action(requirement.action)!;
  const { target } = requirement;
  const extra: Record<string, string> =
    target.kind === "pass-role" ? { "iam:PassedToService": target.service } : {};
  // IAM's one endpoint is in us-east-1, the region every IAM call names.
  if (action.service === "iam" && subject.principal.arn.startsWith("arn:aws:"))
    extra["aws:RequestedRegion"] = "us-east-1";
  // A call whose action takes no request tags lacks them.
  const contextWith = (values: Record<string, string>) =>
    callContext(ctx.catalog, action.key, attackContext(ctx, subject, values));
  const chosen = chosenPolicies(ctx, subject, action, contextWith(extra));
  for (const policyArn of chosen?.arns ?? []) {
    const context = contextWith({ ...extra, [chosen!.key]: policyArn });
    const result = referenceIn(ctx, subject, requirement, context);
    if (result.certainty === "yes") return { ...result, policyArn };
  }
  return referenceIn(ctx, subject, requirement, contextWith(extra));
}

function referenceIn(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  requirement: Requirement,
  context: RequestContext,
): RequirementResult {
  const action = ctx.catalog.action(requirement.action)!;
  const { target } = requirement;
  const retagged = new Set<string>();
  const decide = (resource: string): Tri => {
    const { decision } = subject.permissions.evaluate({ action: action.key, resource, context });
    // A condition on the tags of a user or role is met by those it has, or by those the caller sets.
    const withTags = decision === "Conditional" && taggedAllows(ctx, subject, action.key, resource, context);
    if (withTags === "yes") return "yes";
    if (decision === "Conditional" && retaggedAllows(ctx, subject, action.key, resource, context)) {
      retagged.add(resource);
      return "yes";
    }
    if (withTags === "no") return "no";
    return decision === "Allow" ? "yes" : decision === "Conditional" ? "maybe" : "no";
  };
  const more = (arn: string) => morePrivileged(ctx, subject, ctx.account.of(arn)!);
  let candidates: { resource: string; shows: string[]; cap?: Tri }[];
  switch (target.kind) {
    case "new":
      candidates = newResources(ctx, subject, action).map((resource) => ({ resource, shows: [] }));
      break;
    case "pass-role":
      candidates = ctx.snapshot.roles
        .filter((r) => trustsService(ctx, r, target.service))
        .filter((r) => !target.instanceProfile || r.instanceProfiles.length > 0)
        .filter((r) => more(r.arn) !== "no")
        .map((r) => ({
          resource: r.arn,
          shows: [r.arn],
          cap: allOf([serviceTrustCap(ctx, r, target.service), more(r.arn)]),
        }));
      break;
    case "service-role": {
      const roles = ctx.snapshot.roles
        .filter((r) => trustsService(ctx, r, target.service))
        .filter((r) => !target.instanceProfile || r.instanceProfiles.length > 0)
        .filter((r) => more(r.arn) !== "no")
        .slice(0, MAX_TARGETS);
      const privileged = roles.map((r) => r.arn);
      const trusted = anyOf(roles.map((r) => allOf([serviceTrustCap(ctx, r, target.service), more(r.arn)])));
      candidates =
        privileged.length === 0
          ? []
          : (
              nodeCommands(ctx, subject, action, decide) ??
              newResources(ctx, subject, action).map((resource): { resource: string; cap?: Tri } => ({
                resource,
              }))
            ).map((c) => ({
              ...c,
              cap: allOf([c.cap ?? "yes", trusted]),
              shows: privileged,
            }));
      break;
    }
    case "principal":
    case "privileged":
      candidates = principalsOf(ctx, target.type)
        .map((p) => ({
          p,
          cap:
            target.kind === "privileged"
              ? more(p.arn)
              : p.arn === subject.principal.arn
                ? grantRoom(ctx, subject)
                : ("yes" as Tri),
        }))
        .filter(({ cap }) => cap !== "no")
        .map(({ p, cap }) => ({ resource: p.arn, shows: [p.arn], cap }));
      break;
    case "own-policy":
      candidates = [...new Set(subject.permissions.statements.map((s) => s.source))]
        .filter((source) => ctx.snapshot.managedPolicies[source]?.isAwsManaged === false)
        .map((source) => ({ resource: source, shows: [source] }));
      break;
    case "assumable-policy":
      candidates = reachedRoles(ctx, subject).flatMap(({ role, certainty }) =>
        role.attachedPolicyArns
          .filter((arn) => ctx.snapshot.managedPolicies[arn]?.isAwsManaged === false)
          .map((arn) => ({ resource: arn, shows: [role.arn], cap: certainty })),
      );
      break;
    case "attached-policy": {
      // Every principal holding the policy, straight from the lists, but the roles the caller reaches.
      const own = new Set(subject.permissions.statements.map((s) => s.source));
      const reached = new Set(reachedRoles(ctx, subject).map(({ role }) => role.arn));
      const holding = (arn: string) =>
        [...ctx.snapshot.users, ...ctx.snapshot.roles, ...ctx.snapshot.groups].filter((p) =>
          p.attachedPolicyArns.includes(arn),
        );
      const gains = (p: { arn: string }) => {
        const group = ctx.snapshot.groups.find((g) => g.arn === p.arn);
        if (group) return groupGrantRoom(ctx, subject, group);
        return reached.has(p.arn) ? "no" : grantRoom(ctx, subject, ctx.account.of(p.arn)!);
      };
      candidates = Object.values(ctx.snapshot.managedPolicies)
        .filter((p) => p.isAwsManaged === false && !own.has(p.arn))
        .filter((p) => action.key !== "iam:SetDefaultPolicyVersion" || p.versionCount !== 1)
        .map((p) => ({ arn: p.arn, holders: holding(p.arn) }))
        .filter(({ holders }) => holders.some((h) => gains(h) !== "no"))
        .map(({ arn, holders }) => ({
          resource: arn,
          shows: holders.filter((h) => gains(h) !== "no").map((h) => h.arn),
          cap: anyOf(holders.map(gains)),
        }));
      break;
    }
    case "own-boundary":
      candidates =
        subject.type === target.type && boundaryHolds(ctx, subject) !== "no"
          ? [
              {
                resource: subject.principal.arn,
                shows: [subject.principal.arn],
                cap: boundaryHolds(ctx, subject),
              },
            ]
          : [];
      break;
    case "own-tags":
      candidates =
        subject.type === target.type && retagGains(ctx, subject)
          ? [{ resource: subject.principal.arn, shows: [subject.principal.arn] }]
          : [];
      break;
    case "saml-provider":
      candidates = samlTakeovers(ctx, subject).map(({ provider, role, cap }) => ({
        resource: provider,
        shows: [role],
        cap,
      }));
      break;
    case "identity-pool":
      candidates = poolTakeovers(ctx, subject).map(({ pool, role }) => ({
        resource: pool,
        shows: [role],
        cap: "maybe" as const,
      }));
      break;
    case "oidc-provider":
      candidates = clientIdTakeovers(ctx, subject).map(({ provider, role, cap }) => ({
        resource: provider,
        shows: [role],
        cap,
      }));
      break;
    case "unbound": {
      const unbound = (arn: string) => moreWithoutBoundary(ctx, subject, ctx.account.of(arn)!);
      candidates =
        target.type === "role"
          ? reachedRoles(ctx, subject)
              .filter(({ role }) => unbound(role.arn) !== "no")
              .map(({ role, certainty }) => ({
                resource: role.arn,
                shows: [role.arn],
                cap: allOf([certainty, unbound(role.arn)]),
              }))
          : ctx.snapshot.users
              .filter((u) => unbound(u.arn) !== "no")
              .map((u) => ({ resource: u.arn, shows: [u.arn], cap: unbound(u.arn) }));
    }
  }
  const results: { resource: string; certainty: Tri }[] = [];
  const shown = new Set<string>();
  let sure = 0;
  for (const candidate of candidates) {
    const certainty = allOf([decide(candidate.resource), candidate.cap ?? "yes"]);
    if (certainty === "no") continue;
    results.push({ resource: candidate.resource, certainty });
    for (const arn of candidate.shows) shown.add(arn);
    if (certainty === "yes" && ++sure >= MAX_TARGETS) break;
  }
  const certainty = anyOf(results.map((r) => r.certainty));
  if (certainty === "no") return { certainty, targets: [] };
  const best = results.filter((r) => r.certainty === certainty).map((r) => r.resource);
  if (target.kind === "new")
    return { certainty, targets: [], unlisted: `a new resource the caller names (${action.key})` };
  if (target.kind === "service-role")
    return {
      certainty,
      targets: [...shown].slice(0, MAX_TARGETS),
      unlisted: `the ${target.service} resources that run with these roles (IAM data cannot list them)`,
    };
  const targets = best.slice(0, MAX_TARGETS);
  const tagFirst = targets.filter((arn) => retagged.has(arn));
  return { certainty, targets, ...(tagFirst.length > 0 ? { retagged: tagFirst } : {}) };
}

/** Breadth-first over the reference edges: each role once, "maybe" past any conditional hop. */
function reachedRoles(ctx: PermissiveContext, subject: PrincipalAccess) {
  const reached: { role: { arn: string; attachedPolicyArns: string[] }; certainty: Tri }[] = [];
  const visited = new Set([subject.principal.arn]);
  let frontier: { access: PrincipalAccess; certainty: Tri }[] = [{ access: subject, certainty: "yes" }];
  for (let hop = 0; hop < 5 && frontier.length > 0; hop++) {
    const next: typeof frontier = [];
    for (const { access, certainty } of frontier) {
      for (const edge of referenceAssumableRoles(ctx, access)) {
        if (visited.has(edge.role.arn)) continue;
        visited.add(edge.role.arn);
        const through = allOf([certainty, edge.certainty]);
        reached.push({ role: edge.role, certainty: through });
        next.push({ access: ctx.account.of(edge.role.arn)!, certainty: through });
      }
    }
    frontier = next;
  }
  return reached;
}

function principalsOf(ctx: PermissiveContext, type: "user" | "role" | "group") {
  return type === "user" ? ctx.snapshot.users : type === "role" ? ctx.snapshot.roles : ctx.snapshot.groups;
}
