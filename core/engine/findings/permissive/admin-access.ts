import type { PrincipalAccess } from "../../account/permissions.js";
import type { ActionSet } from "../../catalog/action-set.js";
import type { Catalog } from "../../catalog/catalog.js";
import type { CompiledStatement } from "../../policy/compile.js";
import { patternNamesEveryArn } from "../../policy/every-resource.js";
import { parsePolicyOrThrow } from "../../policy/parse.js";
import {
  type PolicyInput,
  PrincipalPermissions,
  type PrincipalPolicies,
} from "../../policy/principal-permissions.js";
import type { Statement } from "../../policy/types.js";
import { groupsOfUser } from "../../snapshot/relation-index.js";
import type { PrincipalDetector } from "../context.js";
import { buildFinding } from "../finding.js";
import { attackContext, callContext, iamRegion, type PermissiveContext } from "./context.js";

/**
 * Effectively `*` on `*`: every catalog action is allowed on some resource after Deny statements,
 * the permissions boundary and any SCPs (the effective-permissions algebra, not the text of one
 * statement). "certain" when every action is allowed everywhere without a condition, or when an
 * administrator on some resources or under some conditions can certainly write itself that.
 */
export function adminLevel(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
): "certain" | "conditional" | undefined {
  const level = policyLevel(ctx.catalog, subject.permissions);
  return level === "conditional" && selfGrant(ctx, subject) ? "certain" : level;
}

/**
 * The level the policies give as they stand. An Allow on a pattern naming every ARN (`arn:*`)
 * counts as one on `*`: it misses only the actions without resource-level permissions (List,
 * Describe), and grants every IAM action that would add them.
 */
function policyLevel(
  catalog: Catalog,
  permissions: PrincipalPermissions,
): "certain" | "conditional" | undefined {
  const level = levelOf(catalog, permissions);
  if (level) return level;
  const widened = everyArnAsStar(permissions);
  return widened ? levelOf(catalog, widened) : undefined;
}

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

interface SelfGrant {
  action: string;
  resource: string;
}

const selfGrants = new WeakMap<PrincipalAccess, SelfGrant | null>();

/**
 * The call by which an administrator on some resources or under some conditions makes itself one
 * in full: one it is allowed without doubt (in the engine's request context, where IAM is called
 * in us-east-1) to put or attach a policy on itself or one of its groups with, when an Allow of
 * `*` on `*` added to its policies would leave every action allowed everywhere unconditionally
 * (its Deny statements, boundary and SCPs still apply).
 */
export function selfGrant(ctx: PermissiveContext, subject: PrincipalAccess): SelfGrant | undefined {
  let grant = selfGrants.get(subject);
  if (grant === undefined) {
    grant = null;
    if (policyLevel(ctx.catalog, subject.permissions) === "conditional") {
      const region = iamRegion(subject.principal.arn);
      const context = attackContext(ctx, subject, region ? { "aws:RequestedRegion": region } : {});
      const holders: { arn: string; type: keyof typeof SELF_GRANTS }[] = [
        { arn: subject.principal.arn, type: subject.type },
        ...(subject.type === "user" && "groups" in subject.principal
          ? groupsOfUser(ctx.snapshot, subject.principal).map((g) => ({ arn: g.arn, type: "group" as const }))
          : []),
      ];
      const allowed = holders
        .flatMap(({ arn, type }) => SELF_GRANTS[type].map((action) => ({ action, resource: arn })))
        .find(
          (g) =>
            subject.permissions.evaluate({ ...g, context: callContext(ctx.catalog, g.action, context) })
              .decision === "Allow",
        );
      const { identity, ...rest } = subject.permissions.policies;
      const star = { source: `${subject.principal.arn}#inline/*`, policy: STAR };
      if (
        allowed &&
        levelOf(
          ctx.catalog,
          new PrincipalPermissions(ctx.catalog, { ...rest, identity: [...identity, star] }),
        ) === "certain"
      )
        grant = allowed;
    }
    selfGrants.set(subject, grant);
  }
  return grant ?? undefined;
}

function levelOf(catalog: Catalog, permissions: PrincipalPermissions): "certain" | "conditional" | undefined {
  const effective = permissions.effective();
  if (effective.possible.count() !== catalog.size) return undefined;
  return effective.unconditional.count() === catalog.size ? "certain" : "conditional";
}

const widenedOf = new WeakMap<PrincipalPermissions, PrincipalPermissions | null>();

/** The same policies with every Allow on a pattern naming every ARN made an Allow on `*`; undefined when none has one. */
function everyArnAsStar(permissions: PrincipalPermissions): PrincipalPermissions | undefined {
  let widened = widenedOf.get(permissions);
  if (widened === undefined) {
    widened = null;
    if (permissions.statements.some((s) => namesEveryArn(s.statement))) {
      const { identity, boundary, scps } = permissions.policies;
      const policies: PrincipalPolicies = {
        identity: identity.map(widen),
        ...(boundary ? { boundary: widen(boundary) } : {}),
        ...(scps ? { scps: scps.map((level) => level.map(widen)) } : {}),
      };
      widened = new PrincipalPermissions(permissions.catalog, policies);
    }
    widenedOf.set(permissions, widened);
  }
  return widened ?? undefined;
}

function namesEveryArn(s: Statement): boolean {
  return (
    s.effect === "Allow" &&
    !s.notResource &&
    s.resources !== undefined &&
    !s.resources.includes("*") &&
    s.resources.some(patternNamesEveryArn)
  );
}

function widen(input: PolicyInput): PolicyInput {
  const statements = input.policy.statements.map((s) => (namesEveryArn(s) ? { ...s, resources: ["*"] } : s));
  return { ...input, policy: { ...input.policy, statements } };
}

const cite = (s: CompiledStatement) => ({ policy: s.source, statementIndex: s.statement.index });

/**
 * The SCP statements that take actions away from an account-level administrator: Deny statements
 * that reach a lost action, and Allow statements of an allow-list SCP that leave some action out.
 */
function limitingScps(permissions: PrincipalPermissions, lost: ActionSet) {
  return permissions.statements.filter(
    (s) =>
      s.layer === "scp" &&
      (s.statement.effect === "Deny"
        ? !s.reach.intersect(lost).isEmpty()
        : s.reach.count() !== permissions.catalog.size),
  );
}

type ScpLimit = { lost: ActionSet; limitedBy: CompiledStatement[] };
const limits = new WeakMap<PrincipalAccess, ScpLimit | null>();

/** An administrator in its account whose SCPs cut part of it: reported as the SCPs leave it. */
export function scpLimited(catalog: Catalog, subject: PrincipalAccess): ScpLimit | undefined {
  const { permissions } = subject;
  if (permissions.scpLevels === 0) return undefined;
  let limit = limits.get(subject);
  if (limit === undefined) {
    const { scps: _, ...own } = permissions.policies;
    const unlimited = new PrincipalPermissions(catalog, own);
    limit = null;
    if (policyLevel(catalog, unlimited)) {
      const lost = unlimited.effective().possible.minus(permissions.effective().possible);
      limit = { lost, limitedBy: limitingScps(permissions, lost) };
    }
    limits.set(subject, limit);
  }
  return limit ?? undefined;
}

export const adminAccess: PrincipalDetector = {
  kind: "admin-access",
  scope: "principal",
  needs: [],
  detect(ctx, subject) {
    const granting = subject.permissions.statements
      .filter(
        (s) =>
          s.layer === "identity" &&
          s.statement.effect === "Allow" &&
          (s.reach.count() === ctx.catalog.size ||
            (s.actions.count() === ctx.catalog.size && namesEveryArn(s.statement))),
      )
      .map(cite);
    const level = adminLevel(ctx, subject);
    if (!level) return scpLimitedFinding(ctx.catalog, subject, granting);
    const grant = selfGrant(ctx, subject);
    return [
      buildFinding("admin-access", [subject.principal.arn], {
        principalArn: subject.principal.arn,
        actions: ["*"],
        ...(level === "conditional" ? { variant: "conditional" as const } : {}),
        title: `${subject.principal.name} is effectively an administrator (* on *)`,
        detail: grant
          ? `Every IAM action is allowed on some resources or under some conditions, and ${grant.action} on ${grant.resource}, allowed without a condition, lets it write itself * on * at any time.`
          : level === "certain"
            ? "Every IAM action is allowed on every resource, with no Deny, boundary or condition in the way."
            : "Every IAM action is allowed on some resources or under some conditions.",
        evidence: { level, grantedBy: granting, ...(grant ? { selfGrant: grant } : {}) },
      }),
    ];
  },
};

function scpLimitedFinding(catalog: Catalog, subject: PrincipalAccess, granting: ReturnType<typeof cite>[]) {
  const limited = scpLimited(catalog, subject);
  if (!limited) return [];
  const policies = [...new Set(limited.limitedBy.map((s) => s.source))];
  const services = [...new Set(catalog.keys(limited.lost).map((a) => a.split(":")[0]))].sort();
  return [
    buildFinding("admin-access", [subject.principal.arn], {
      principalArn: subject.principal.arn,
      actions: ["*"],
      variant: "scp-limited",
      title: `${subject.principal.name} is an administrator of its account, limited by service control policies`,
      detail: `Its own policies allow * on *, but the organization's SCPs (${policies.join(", ")}) deny ${limited.lost.count()} actions (services: ${services.join(", ")}): everything else stays allowed.`,
      evidence: {
        level: "scp-limited",
        grantedBy: granting,
        limitedBy: limited.limitedBy.map(cite),
        deniedServices: services,
      },
    }),
  ];
}
