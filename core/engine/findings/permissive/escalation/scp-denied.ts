import type { PrincipalAccess } from "../../../account/permissions.js";
import type { CompiledStatement } from "../../../policy/compile.js";
import type { RequestContext } from "../../../policy/context.js";
import type { Request } from "../../../policy/evaluate.js";
import { PrincipalPermissions } from "../../../policy/principal-permissions.js";
import { buildFinding } from "../../finding.js";
import type { Finding } from "../../types.js";
import { scpLimited } from "../admin-scp-limit.js";
import { attackContext, type PermissiveContext } from "../context.js";
import { computeEdges } from "./assume.js";
import { escalationChains } from "./chains.js";
import { directPaths, type PathMatch } from "./direct.js";

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
  const everywhere = [...new Set(required.filter((a) => !possible.has(ctx.catalog.action(a)!.id)))];
  // An SCP that denies the assume on some roles only leaves the action possible elsewhere.
  if (everywhere.length === 0 && chains.length > 0) everywhere.push("sts:AssumeRole");
  const deniedIds = everywhere.map((a) => ctx.catalog.action(a)!.id);
  // Deny statements that reach a denied action, and Allow statements of allow-list SCPs that leave one out.
  const deniedBy = permissions.statements
    .filter(
      (s) =>
        s.layer === "scp" &&
        (s.statement.effect === "Deny"
          ? deniedIds.some((id) => s.reach.has(id))
          : deniedIds.some((id) => !s.reach.has(id))),
    )
    .map(cite);
  // An action the SCPs leave possible elsewhere may still be denied on every resource a path needs
  // (iam:PassRole denied on the administrator roles only): named with the statements that deny it there.
  const scoped = deniedOnTargets(paths, permissions, everywhere, attackContext(unlimitedCtx, subject));
  const denied = [...new Set([...everywhere, ...scoped.actions])].sort();
  for (const d of scoped.by)
    if (!deniedBy.some((e) => e.policy === d.policy && e.statementIndex === d.statementIndex))
      deniedBy.push(d);
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

const cite = (s: CompiledStatement) => ({ policy: s.source, statementIndex: s.statement.index });

/**
 * The paths' steps whose every target the SCPs refuse, though the action stays possible elsewhere,
 * and the SCP statements that refuse them: the Denies that match, or, refused for want of an Allow,
 * the Allow statements of the SCP levels none of whose statements allow it there. The targets are
 * those the principal's own policies allow the step on, so the SCPs are what refuse it.
 */
function deniedOnTargets(
  paths: readonly PathMatch[],
  permissions: PrincipalPermissions,
  known: readonly string[],
  context: RequestContext,
): { actions: string[]; by: { policy: string; statementIndex: number }[] } {
  const actions = new Set<string>();
  const by: { policy: string; statementIndex: number }[] = [];
  for (const step of paths.flatMap((m) => m.steps)) {
    if (known.includes(step.action) || actions.has(step.action) || step.targets.length === 0) continue;
    // Stops at the first target the SCPs let through: the step is then not what they stop.
    const refusals: { policy: string; statementIndex: number }[][] = [];
    for (const resource of step.targets) {
      const refusal = refusingScps(permissions, { action: step.action, resource, context });
      if (!refusal) break;
      refusals.push(refusal);
    }
    if (refusals.length < step.targets.length) continue;
    actions.add(step.action);
    by.push(...refusals.flat());
  }
  return { actions: [...actions], by };
}

function refusingScps(permissions: PrincipalPermissions, request: Request) {
  const result = permissions.evaluate(request);
  if (result.decision !== "ExplicitDeny" && result.decision !== "ImplicitDeny") return undefined;
  const scp = result.matched.filter((m) => m.layer === "scp");
  const denies = scp.filter((m) => m.effect === "Deny" && m.certainty === "yes");
  if (denies.length > 0) return denies.map((m) => ({ policy: m.source, statementIndex: m.statementIndex }));
  const allowing = new Set(scp.filter((m) => m.effect === "Allow").map((m) => m.level));
  return permissions.statements
    .filter((s) => s.layer === "scp" && s.statement.effect === "Allow" && !allowing.has(s.level))
    .map(cite);
}
