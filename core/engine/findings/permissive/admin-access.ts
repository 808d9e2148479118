import type { PrincipalAccess } from "../../account/permissions.js";
import type { ActionSet } from "../../catalog/action-set.js";
import type { Catalog } from "../../catalog/catalog.js";
import type { CompiledStatement } from "../../policy/compile.js";
import { PrincipalPermissions } from "../../policy/principal-permissions.js";
import type { PrincipalDetector } from "../context.js";
import { buildFinding } from "../finding.js";

/**
 * Effectively `*` on `*`: every catalog action is allowed on some resource after Deny statements,
 * the permissions boundary and any SCPs (the effective-permissions algebra, not the text of one
 * statement). "certain" when every action is allowed everywhere without a condition.
 */
export function adminLevel(
  catalog: Catalog,
  subject: { permissions: PrincipalPermissions },
): "certain" | "conditional" | undefined {
  const effective = subject.permissions.effective();
  if (effective.possible.count() !== catalog.size) return undefined;
  return effective.unconditional.count() === catalog.size ? "certain" : "conditional";
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
    if (adminLevel(catalog, { permissions: unlimited })) {
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
          s.layer === "identity" && s.statement.effect === "Allow" && s.reach.count() === ctx.catalog.size,
      )
      .map(cite);
    const level = adminLevel(ctx.catalog, subject);
    if (!level) return scpLimitedFinding(ctx.catalog, subject, granting);
    return [
      buildFinding("admin-access", [subject.principal.arn], {
        principalArn: subject.principal.arn,
        actions: ["*"],
        ...(level === "conditional" ? { variant: "conditional" as const } : {}),
        title: `${subject.principal.name} is effectively an administrator (* on *)`,
        detail:
          level === "certain"
            ? "Every IAM action is allowed on every resource, with no Deny, boundary or condition in the way."
            : "Every IAM action is allowed on some resources or under some conditions.",
        evidence: { level, grantedBy: granting },
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
