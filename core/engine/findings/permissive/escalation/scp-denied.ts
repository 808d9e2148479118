import type { PrincipalAccess } from "../../../account/permissions.js";
import { PrincipalPermissions } from "../../../policy/principal-permissions.js";
import { buildFinding } from "../../finding.js";
import type { Finding } from "../../types.js";
import { scpLimited } from "../admin-access.js";
import type { PermissiveContext } from "../context.js";
import { computeEdges } from "./assume.js";
import { escalationChains } from "./chains.js";
import { directPaths } from "./direct.js";

/** The SCPs that apply to the principal, by ARN: what a finding names when they block or fail to. */
export function scpsOver(subject: PrincipalAccess): string[] {
  return [...new Set(subject.permissions.statements.filter((s) => s.layer === "scp").map((s) => s.source))];
}

/**
 * Escalation paths and chains (assuming a role that is an administrator or can escalate) the
 * principal's own policies allow but its account's SCPs deny. Per AWS, an
 * action an SCP denies is denied whatever the identity policies say, so the path cannot be taken
 * while the SCP stands: reported as the `scp-denied` variant (low), naming the SCP statements
 * that stop it, because that guardrail is then all that stands between the grant and escalation.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
 * An administrator cut by SCPs is left to its admin-access finding, which says the same.
 */
export function scpDeniedEscalation(ctx: PermissiveContext, subject: PrincipalAccess): Finding[] {
  const { permissions } = subject;
  if (permissions.scpLevels === 0 || scpLimited(ctx.catalog, subject)) return [];
  const { scps: _, ...own } = permissions.policies;
  const unlimited = { ...subject, permissions: new PrincipalPermissions(ctx.catalog, own) };
  // A context of its own: directPaths memoizes per context and principal; the first hop of a chain
  // is the unlimited subject's, not the account's memo of the subject under its SCPs.
  const unlimitedCtx = { catalog: ctx.catalog, snapshot: ctx.snapshot, account: ctx.account };
  const paths = directPaths(unlimitedCtx, unlimited);
  const chains = escalationChains(unlimitedCtx, unlimited, computeEdges);
  if (paths.length === 0 && chains.length === 0) return [];
  const possible = permissions.effective().possible;
  const required = paths.flatMap((m) => m.path.requires.map((r) => r.action));
  if (chains.length > 0) required.push("sts:AssumeRole");
  const denied = [...new Set(required.filter((a) => !possible.has(ctx.catalog.action(a)!.id)))].sort();
  // An SCP that denies the assume on some roles only leaves the action possible elsewhere.
  if (denied.length === 0 && chains.length > 0) denied.push("sts:AssumeRole");
  const deniedIds = denied.map((a) => ctx.catalog.action(a)!.id);
  // Deny statements that reach a denied action, and Allow statements of allow-list SCPs that leave one out.
  const deniedBy = permissions.statements
    .filter(
      (s) =>
        s.layer === "scp" &&
        (s.statement.effect === "Deny"
          ? deniedIds.some((id) => s.reach.has(id))
          : deniedIds.some((id) => !s.reach.has(id))),
    )
    .map((s) => ({ policy: s.source, statementIndex: s.statement.index }));
  const policies = [...new Set(deniedBy.map((d) => d.policy))];
  const names = [
    ...paths.map((m) => m.path.id),
    ...chains.map((c) => `assume ${c.roles.map((r) => r.arn.split("/").pop()).join(" → ")}`),
  ];
  return [
    buildFinding("privilege-escalation", [subject.principal.arn], {
      principalArn: subject.principal.arn,
      variant: "scp-denied",
      actions: denied,
      title: `${subject.principal.name} could escalate privileges, but service control policies deny it: ${names
        .slice(0, 3)
        .join("; ")}${names.length > 3 ? ` and ${names.length - 3} more` : ""}`,
      detail: `Its own policies allow every action of these paths; the organization's SCPs (${policies.join(", ")}) deny ${denied.join(", ")}. The SCP is all that stops the escalation: keep it, and remove the grant.`,
      evidence: {
        paths: paths.map((m) => ({
          id: m.path.id,
          name: m.path.name,
          certainty: m.certainty,
          steps: m.steps,
        })),
        ...(chains.length > 0 ? { chains } : {}),
        deniedBy,
        deniedActions: denied,
      },
    }),
  ];
}
