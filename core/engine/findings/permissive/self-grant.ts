import type { PrincipalAccess } from "../../account/permissions.js";
import type { RequestContext } from "../../policy/context.js";
import { parsePolicyOrThrow } from "../../policy/parse.js";
import { PrincipalPermissions } from "../../policy/principal-permissions.js";
import { principalByArn } from "../../snapshot/principal-index.js";
import { groupsOfUser } from "../../snapshot/relation-index.js";
import { levelOf } from "./admin-level.js";
import { callContext, type PermissiveContext } from "./context.js";
import { fullOfVersions } from "./iam-limits.js";

/**
 * The calls that give a principal a policy of the caller's writing: an inline policy takes effect
 * once put, and AdministratorAccess is there to attach. A user's groups' policies are its own.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html
 */
const SELF_GRANTS = {
  role: ["iam:PutRolePolicy", "iam:AttachRolePolicy"],
  user: ["iam:PutUserPolicy", "iam:AttachUserPolicy"],
  group: ["iam:PutGroupPolicy", "iam:AttachGroupPolicy"],
} as const;

/** A policy allowing every action on every resource, as the caller writes or attaches it. */
export const STAR = parsePolicyOrThrow(
  { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
  "*",
  { kind: "identity" },
);

export interface SelfGrant {
  action: string;
  resource: string;
  /** Its own policies (or boundary) holding a Deny in the way, that it first replaces, deletes or detaches. */
  removes?: string[];
}

/**
 * The call by which an administrator on some resources or under some conditions makes itself one
 * in full: one `permissions` allow without doubt in `context` (where IAM is called in us-east-1) to
 * put or attach a policy on itself or one of its groups with, or to give a customer managed policy
 * attached to itself a new default version, when an Allow of `*` on `*` so added would leave every
 * action allowed everywhere unconditionally (their Deny statements, boundary and SCPs still apply).
 */
export function selfGrantIn(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  permissions: PrincipalPermissions,
  context: RequestContext,
): SelfGrant | undefined {
  return selfGranted(ctx, subject, permissions, context)?.grant;
}

/** The self-grant selfGrantIn finds, and the subject's permissions once made (its Denies left, boundary and SCPs applying). */
export function selfGranted(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  permissions: PrincipalPermissions,
  context: RequestContext,
): { grant: SelfGrant; permissions: PrincipalPermissions } | undefined {
  const holders: Holder[] = [
    { arn: subject.principal.arn, type: subject.type },
    ...(subject.type === "user" && "groups" in subject.principal
      ? groupsOfUser(ctx.snapshot, subject.principal).map((g) => ({ arn: g.arn, type: "group" as const }))
      : []),
  ];
  const attaching = attachContext(subject.principal.arn, context);
  const allows = allowsIn(ctx, permissions, context);
  const put = holders
    .flatMap((h) => SELF_GRANTS[h.type].map((action) => ({ action, resource: h.arn, holder: h })))
    .find((g) => allows(g.action, g.resource, g.action.startsWith("iam:Attach") ? attaching : context));
  const found = put ?? newDefaultVersion(ctx, holders, allows);
  if (!found) return undefined;
  const { holder, ...allowed } = found;
  const { identity, ...rest } = permissions.policies;
  const star = { source: `${subject.principal.arn}#inline/*`, policy: STAR };
  // A new default version of `*` on `*` takes the place of the document it replaces.
  const replaced = allowed.action === NEW_VERSION ? allowed.resource : undefined;
  const granted = new PrincipalPermissions(ctx.catalog, {
    ...rest,
    identity: [...identity.filter((p) => p.source !== replaced), star],
  });
  if (levelOf(ctx.catalog, granted) === "certain") return { grant: allowed, permissions: granted };
  // A Deny of its own policies stays beside an added `*` on `*`, but not beside one written in
  // place of the policy holding it, or once that policy or its boundary is gone. The holder written
  // to (itself, or the group the new version's policy is attached to) is never left.
  const removable = removableDenies(ctx, subject, permissions, holders, holder, allows, context);
  const removes = [...removable.identity, ...(removable.boundary ? [removable.boundary] : [])];
  if (removes.length === 0) return undefined;
  // A managed policy both attached and set as the boundary has the same source in both places:
  // each goes only by its own call.
  const gone = new Set(removable.identity);
  const { boundary, ...others } = rest;
  const cleared = new PrincipalPermissions(ctx.catalog, {
    ...others,
    ...(boundary && !removable.boundary ? { boundary } : {}),
    identity: [...identity.filter((p) => !gone.has(p.source)), star],
  });
  return levelOf(ctx.catalog, cleared) === "certain"
    ? { grant: { ...allowed, removes }, permissions: cleared }
    : undefined;
}

type Holder = { arn: string; type: keyof typeof SELF_GRANTS };

type Allows = (action: string, resource: string, call?: RequestContext) => boolean;

/** Whether `permissions` allow a call without doubt, in `context` unless another is given. */
function allowsIn(
  ctx: PermissiveContext,
  permissions: PrincipalPermissions,
  context: RequestContext,
): Allows {
  return (action, resource, call = context) =>
    permissions.evaluate({ action, resource, context: callContext(ctx.catalog, action, call) }).decision ===
    "Allow";
}

const NEW_VERSION = "iam:CreatePolicyVersion";

/**
 * A customer managed policy attached to the subject itself, or to one of its groups, that it may
 * give a new default version of its writing (CreatePolicyVersion with SetAsDefault): as good as
 * putting a policy on itself or on that group, whose policies are its own while it stays in it.
 */
function newDefaultVersion(
  ctx: PermissiveContext,
  holders: readonly Holder[],
  allows: Allows,
): (SelfGrant & { holder: Holder }) | undefined {
  for (const holder of holders) {
    const attached = principalByArn(ctx.snapshot, holder.arn)?.principal.attachedPolicyArns ?? [];
    const arn = attached.find((a) => rewritable(ctx, a, (action) => allows(action, a)));
    if (arn) return { action: NEW_VERSION, resource: arn, holder };
  }
  return undefined;
}

/**
 * The subject's own policies holding a Deny (and its permissions boundary, when that holds one)
 * that `permissions` allow it without doubt to take away: an inline policy of a holder it may put
 * policies on is rewritten under the same name (PutRolePolicy "adds or updates"), or deleted; a
 * managed policy is detached from every holder it is attached to (the attach call names it, as
 * iam:PolicyARN); a customer managed policy, attached or the boundary, is given a new default
 * version of `*` on `*` (CreatePolicyVersion with SetAsDefault, which needs no other permission),
 * which lifts its Deny wherever it is used; a user leaves a group (not the one it writes itself a
 * policy on) with all that group's policies; a boundary is deleted. Each call is allowed before any
 * change, and stays so: the changes only add `*` and take Deny statements away.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_DetachRolePolicy.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicyVersion.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_RemoveUserFromGroup.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRolePermissionsBoundary.html
 */
function removableDenies(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  permissions: PrincipalPermissions,
  holders: Holder[],
  writer: Holder | undefined,
  allows: Allows,
  context: RequestContext,
): { identity: string[]; boundary?: string } {
  const kind = (h: Holder) => (h.type === "role" ? "Role" : h.type === "user" ? "User" : "Group");
  const attachedTo = (h: Holder) => principalByArn(ctx.snapshot, h.arn)?.principal.attachedPolicyArns ?? [];
  const leaves = (h: Holder) =>
    h.type === "group" && h.arn !== writer?.arn && allows("iam:RemoveUserFromGroup", h.arn);
  const withDeny = (policy: { policy: { statements: readonly { effect: string }[] } }) =>
    policy.policy.statements.some((s) => s.effect === "Deny");
  const rewrites = (arn: string) => rewritable(ctx, arn, (action) => allows(action, arn));
  const removable: string[] = [];
  for (const policy of permissions.policies.identity) {
    if (!withDeny(policy)) continue;
    const [owner, inline] = policy.source.split("#inline/");
    const ok =
      inline !== undefined
        ? holders.some(
            (h) =>
              h.arn === owner &&
              (leaves(h) ||
                allows(`iam:Put${kind(h)}Policy`, h.arn) ||
                allows(`iam:Delete${kind(h)}Policy`, h.arn)),
          )
        : rewrites(policy.source) ||
          holders
            .filter((h) => attachedTo(h).includes(policy.source))
            .every(
              (h) =>
                leaves(h) ||
                allows(`iam:Detach${kind(h)}Policy`, h.arn, withPolicyArn(context, policy.source)),
            );
    if (ok) removable.push(policy.source);
  }
  const { boundary } = permissions.policies;
  if (boundary && withDeny(boundary) && subject.type !== "group") {
    const type = subject.type === "role" ? "Role" : "User";
    // A boundary rewritten to `*` on `*` limits nothing, as one deleted.
    if (rewrites(boundary.source) || allows(`iam:Delete${type}PermissionsBoundary`, subject.principal.arn))
      return { identity: removable, boundary: boundary.source };
  }
  return { identity: removable };
}

/**
 * Whether a new default version can replace a managed policy's document: only a customer managed
 * policy's, and, as a policy keeps at most five versions, one that has five only where the caller
 * may also delete a version first.
 */
function rewritable(ctx: PermissiveContext, arn: string, allows: (action: string) => boolean): boolean {
  const policy = ctx.snapshot.managedPolicies[arn];
  if (policy?.isAwsManaged !== false || !allows(NEW_VERSION)) return false;
  return !fullOfVersions(ctx, arn) || allows("iam:DeletePolicyVersion");
}

/**
 * An attach call names the policy it attaches, and the caller picks AdministratorAccess: a
 * condition on iam:PolicyARN is decided by that choice, not left in doubt.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PolicyARN
 */
function attachContext(principalArn: string, context: RequestContext): RequestContext {
  const partition = principalArn.split(":")[1] ?? "aws";
  return withPolicyArn(context, `arn:${partition}:iam::aws:policy/AdministratorAccess`);
}

function withPolicyArn(context: RequestContext, policyArn: string): RequestContext {
  return { ...context, values: new Map(context.values).set("iam:policyarn", [policyArn]) };
}
