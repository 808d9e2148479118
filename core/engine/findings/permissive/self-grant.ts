import type { PrincipalAccess } from "../../account/permissions.js";
import type { RequestContext } from "../../policy/context.js";
import { parsePolicyOrThrow } from "../../policy/parse.js";
import { PrincipalPermissions } from "../../policy/principal-permissions.js";
import { groupsOfUser } from "../../snapshot/relation-index.js";
import { levelOf } from "./admin-level.js";
import { callContext, type PermissiveContext } from "./context.js";

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

const STAR = parsePolicyOrThrow(
  { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
  "*",
  { kind: "identity" },
);

export interface SelfGrant {
  action: string;
  resource: string;
}

/**
 * The call by which an administrator on some resources or under some conditions makes itself one
 * in full: one `permissions` allow without doubt in `context` (where IAM is called in us-east-1) to
 * put or attach a policy on itself or one of its groups with, when an Allow of `*` on `*` added to
 * them would leave every action allowed everywhere unconditionally (their Deny statements,
 * boundary and SCPs still apply).
 */
export function selfGrantIn(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  permissions: PrincipalPermissions,
  context: RequestContext,
): SelfGrant | undefined {
  const holders: { arn: string; type: keyof typeof SELF_GRANTS }[] = [
    { arn: subject.principal.arn, type: subject.type },
    ...(subject.type === "user" && "groups" in subject.principal
      ? groupsOfUser(ctx.snapshot, subject.principal).map((g) => ({ arn: g.arn, type: "group" as const }))
      : []),
  ];
  const attaching = attachContext(subject.principal.arn, context);
  const allowed = holders
    .flatMap(({ arn, type }) => SELF_GRANTS[type].map((action) => ({ action, resource: arn })))
    .find((g) => {
      const call = g.action.startsWith("iam:Attach") ? attaching : context;
      return (
        permissions.evaluate({ ...g, context: callContext(ctx.catalog, g.action, call) }).decision === "Allow"
      );
    });
  if (!allowed) return undefined;
  const { identity, ...rest } = permissions.policies;
  const star = { source: `${subject.principal.arn}#inline/*`, policy: STAR };
  const granted = new PrincipalPermissions(ctx.catalog, { ...rest, identity: [...identity, star] });
  return levelOf(ctx.catalog, granted) === "certain" ? allowed : undefined;
}

/**
 * An attach call names the policy it attaches, and the caller picks AdministratorAccess: a
 * condition on iam:PolicyARN is decided by that choice, not left in doubt.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PolicyARN
 */
function attachContext(principalArn: string, context: RequestContext): RequestContext {
  const partition = principalArn.split(":")[1] ?? "aws";
  const values = new Map(context.values).set("iam:policyarn", [
    `arn:${partition}:iam::aws:policy/AdministratorAccess`,
  ]);
  return { ...context, values };
}
