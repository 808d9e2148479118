import type { PrincipalAccess } from "../account/permissions.js";
import { attackContext, type PermissiveContext } from "../findings/permissive/context.js";
import { ESCALATION_PATHS } from "../findings/permissive/escalation/paths.js";
import { resolveRequirement } from "../findings/permissive/escalation/targets.js";
import { directGrantPolicies } from "../findings/permissive/escalation/trust-admission.js";
import { STAR } from "../findings/permissive/self-grant.js";
import { evaluateInPickedRegion } from "../findings/permissive/trust/picked-region.js";
import type { Tri } from "../policy/context.js";
import { PrincipalPermissions } from "../policy/principal-permissions.js";
import type { Role, User } from "../snapshot/model.js";
import { isServiceLinked } from "../snapshot/model.js";
import { orgCaller } from "./org-request.js";

/** A user or role the caller creates with a policy of its writing, which it then acts as. */
export interface NewPrincipal {
  /** The new principal: a policy allowing everything, under its account's SCPs, no boundary. */
  access: PrincipalAccess;
  /** How surely the caller may take the path that makes it. */
  certainty: "yes" | "maybe";
  /** How surely the caller may make it, under some name of its choosing, before it acts as it. */
  creates: "yes" | "maybe";
  /** iam:CreateUser or iam:CreateRole. */
  action: "iam:CreateUser" | "iam:CreateRole";
}

/**
 * The account graph's paths by which a caller creates a user (and its access key or password) or a
 * role trusting it, and puts or attaches a policy on it (whittle-new-user-*, whittle-new-role-*):
 * the graph resolves each step as the caller's policies allow it, a boundary the new principal
 * must be created with included (chosen-policy.ts).
 */
export const NEW_PRINCIPAL = ESCALATION_PATHS.filter(
  (p) => p.id.startsWith("whittle-new-user-") || p.id.startsWith("whittle-new-role-"),
);

/** A name the caller picks for what it creates, as the account graph names new resources. */
const NEW_NAME = "whittle-new";

const found = new WeakMap<PrincipalAccess, NewPrincipal[]>();

/**
 * The users and roles a caller may create and give any policy, then act as: the new principal's
 * requests are its own, under its account's SCPs but none of the caller's Denies or boundary, and
 * may assume the roles of other accounts that trust its account. One of each type, the surest.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html
 */
export function newPrincipals(ctx: PermissiveContext, caller: PrincipalAccess): NewPrincipal[] {
  let made = found.get(caller);
  if (!made) {
    made = [];
    // A service-linked role's calls are its service's own, never a way for anyone in.
    const serviceLinked = isServiceLinked(caller.principal);
    if (caller.type !== "group" && !serviceLinked)
      for (const [type, action] of [
        ["user", "iam:CreateUser"],
        ["role", "iam:CreateRole"],
      ] as const) {
        const certainties = NEW_PRINCIPAL.filter((p) => p.requires[0]!.action === action).map((path) => {
          const steps = path.requires.map((step) => resolveRequirement(ctx, caller, step).certainty);
          return steps.includes("no") ? "no" : steps.every((c) => c === "yes") ? "yes" : "maybe";
        });
        const certainty = certainties.includes("yes")
          ? "yes"
          : certainties.includes("maybe")
            ? "maybe"
            : "no";
        if (certainty === "no") continue;
        const access = created(ctx, caller, type);
        // A role's requests are made by the caller assuming it, which a Deny or SCP of its own may refuse.
        const assumes = type === "role" ? assumesCreated(ctx, caller, access) : "yes";
        if (assumes === "no") continue;
        made.push({ access, certainty: assumes === "yes" ? certainty : "maybe", creates: certainty, action });
      }
    found.set(caller, made);
  }
  return made;
}

/**
 * Whether the caller may assume the role it creates: its trust policy, of the caller's writing,
 * names the caller (or a session of its role), which in its own account needs no Allow of the
 * caller's own and is limited by no boundary, but its explicit Denies and SCPs still refuse.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 */
export function assumesCreated(ctx: PermissiveContext, caller: PrincipalAccess, role: PrincipalAccess): Tri {
  const request = {
    action: "sts:AssumeRole",
    resource: role.principal.arn,
    context: attackContext(ctx, caller),
  };
  const permissions = directGrantPolicies(ctx.catalog, caller, false);
  const { decision } = evaluateInPickedRegion(permissions, orgCaller(ctx, caller, undefined), request);
  return decision === "Allow" ? "yes" : decision === "Conditional" ? "maybe" : "no";
}

const createdIn = new WeakMap<object, Map<string, PrincipalAccess>>();

/**
 * The principal a caller creates in its account, holding a policy allowing everything, under the
 * name in `arn` (by default one of the account graph's): the same for every caller of the account
 * (its SCPs are the account's), so made once per name.
 */
export function created(
  ctx: PermissiveContext,
  caller: PrincipalAccess,
  type: "user" | "role",
  arn = `arn:${caller.principal.arn.split(":")[1]}:iam::${ctx.snapshot.accountId}:${type}/${NEW_NAME}`,
): PrincipalAccess {
  let known = createdIn.get(ctx.snapshot);
  if (!known) {
    known = new Map();
    createdIn.set(ctx.snapshot, known);
  }
  let access = known.get(arn);
  if (!access) {
    access = make(ctx, caller, type, arn);
    known.set(arn, access);
  }
  return access;
}

function make(
  ctx: PermissiveContext,
  caller: PrincipalAccess,
  type: "user" | "role",
  arn: string,
): PrincipalAccess {
  // The ARN's resource is the type, the path (`/` or `/a/b/`) and the name.
  const resource = arn.slice(arn.indexOf(`:${type}/`) + type.length + 2);
  const name = resource.slice(resource.lastIndexOf("/") + 1);
  const path = `/${resource.slice(0, resource.length - name.length)}`;
  const { scps } = caller.permissions.policies;
  const permissions = new PrincipalPermissions(ctx.catalog, {
    identity: [{ source: `${arn}#inline/*`, policy: STAR }],
    ...(scps ? { scps } : {}),
  });
  const core = {
    arn,
    id: name,
    path,
    name,
    createDate: ctx.snapshot.collectedAt,
    attachedPolicyArns: [],
    inlinePolicies: [],
    tags: [],
  };
  const principal: User | Role =
    type === "user"
      ? { ...core, groups: [] }
      : {
          ...core,
          trustPolicy: { Version: "2012-10-17", Statement: [] },
          instanceProfiles: [],
          serviceLinked: false,
        };
  return { principal, type, permissions, missing: [], defects: [] };
}
