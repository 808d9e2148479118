import type { PrincipalAccess } from "../../core/engine/account/permissions.js";
import { adminLevel } from "../../core/engine/findings/permissive/admin-access.js";
import { attackContext, type PermissiveContext } from "../../core/engine/findings/permissive/context.js";
import type { AssumeEdge } from "../../core/engine/findings/permissive/escalation/assume.js";
import { morePrivileged } from "../../core/engine/findings/permissive/escalation/capability.js";
import type { Chain } from "../../core/engine/findings/permissive/escalation/chains.js";
import { directPaths } from "../../core/engine/findings/permissive/escalation/direct.js";
import { mayRetag, taggedAllows } from "../../core/engine/findings/permissive/escalation/resource-tags.js";
import {
  assumeStatements,
  rolesAssumableByPrincipals,
} from "../../core/engine/findings/permissive/escalation/trust.js";
import { callerConditions } from "../../core/engine/findings/permissive/trust/caller.js";
import { memberCaller } from "../../core/engine/findings/permissive/trust/callers.js";
import { parseArn } from "../../core/engine/policy/arn.js";
import { anyOf, type Tri } from "../../core/engine/policy/context.js";

/**
 * The straightforward escalation analysis the engine's indexed one must agree with: every trust
 * policy read for every principal, every identity policy evaluated, nothing remembered between
 * principals. A test oracle only: quadratic in the number of roles.
 */
export function referenceAssumableRoles(ctx: PermissiveContext, subject: PrincipalAccess): AssumeEdge[] {
  const edges: AssumeEdge[] = [];
  const context = attackContext(ctx, subject);
  const caller = memberCaller(ctx.snapshot.collectedAt, ctx.snapshot.accountId, {
    type: subject.type,
    arn: subject.principal.arn,
    name: subject.principal.name,
    ...("tags" in subject.principal ? { tags: subject.principal.tags } : {}),
  });
  for (const role of rolesAssumableByPrincipals(ctx)) {
    if (role.arn === subject.principal.arn) continue;
    const matches: { certainty: Tri; via: AssumeEdge["via"] }[] = [];
    for (const s of assumeStatements(ctx, role)) {
      const values = s.principal?.any ? ["*"] : (s.principal?.values.AWS ?? []);
      const vias = values.flatMap((value) => trustedAs(ctx, subject, value) ?? []);
      if (vias.length === 0) continue;
      const certainty = callerConditions(caller, s.conditions);
      if (certainty !== "no") for (const via of vias) matches.push({ certainty, via });
    }
    const named = matches.filter((m) => m.via === "named");
    const pick = named.length > 0 ? named : matches;
    if (pick.length === 0) continue;
    const trust = {
      certainty: anyOf(pick.map((m) => m.certainty)),
      via: pick.some((m) => m.via === "anyone") ? ("anyone" as const) : pick[0]!.via,
    };
    if (trust.certainty === "no") continue;
    const evaluated = subject.permissions.evaluate({
      action: "sts:AssumeRole",
      resource: role.arn,
      context,
    }).decision;
    // A condition on the role's tags reads the tags it has.
    const withTags =
      evaluated === "Conditional" && taggedAllows(ctx, subject, "sts:AssumeRole", role.arn, context);
    // Refused by the tags it has, a role the caller may retag stays conditional.
    const refused = withTags === "no" && !mayRetag(ctx, subject, ctx.catalog.action("sts:AssumeRole")!.id);
    const decision = withTags === "yes" ? "Allow" : refused ? "ImplicitDeny" : evaluated;
    if (decision === "ExplicitDeny") continue;
    const identity: Tri = decision === "Allow" ? "yes" : decision === "Conditional" ? "maybe" : "no";
    const certainty =
      trust.via === "named" ? trust.certainty : identity === "no" ? "no" : worst(trust.certainty, identity);
    if (certainty !== "no") edges.push({ role, certainty, via: trust.via });
  }
  return edges;
}

function worst(a: Tri, b: Tri): Tri {
  return a === "no" || b === "no" ? "no" : a === "maybe" || b === "maybe" ? "maybe" : "yes";
}

function trustedAs(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  value: string,
): AssumeEdge["via"] | undefined {
  if (value === "*") return "anyone";
  const account = ctx.snapshot.accountId;
  if (value === account || value === `arn:aws:iam::${account}:root`) return "account";
  if (subject.type === "group") return undefined;
  if (value === subject.principal.arn) return "named";
  const arn = parseArn(value);
  if (subject.type === "role" && arn?.service === "sts" && arn.account === account) {
    const [kind, name] = arn.resource.split("/");
    if (kind === "assumed-role" && name === subject.principal.name) return "named";
  }
  return undefined;
}

/** Breadth-first chains over the reference edges, recomputed at every hop. */
export function referenceChains(ctx: PermissiveContext, subject: PrincipalAccess): Chain[] {
  const chains: Chain[] = [];
  const visited = new Set<string>([subject.principal.arn]);
  let frontier: { access: PrincipalAccess; chain: Chain["roles"] }[] = [{ access: subject, chain: [] }];
  for (let hop = 0; hop < 5 && frontier.length > 0; hop++) {
    const next: typeof frontier = [];
    for (const { access, chain } of frontier) {
      for (const edge of referenceAssumableRoles(ctx, access)) {
        if (visited.has(edge.role.arn)) continue;
        visited.add(edge.role.arn);
        const role = ctx.account.of(edge.role.arn)!;
        const roles = [...chain, { arn: edge.role.arn, via: edge.via, certainty: edge.certainty }];
        let reaches: Chain["reaches"] | undefined;
        // What the role gives must hold outright too: its administrator access, or one of its paths.
        let holds = false;
        const more = morePrivileged(ctx, subject, role);
        if (more !== "no") {
          const paths = directPaths(ctx, role);
          const level = adminLevel(ctx, role);
          reaches = level ? "admin" : paths.length > 0 ? paths.map((p) => p.path.id) : undefined;
          holds = more === "yes" && (level ? level === "certain" : paths.some((p) => p.certainty === "yes"));
        }
        if (reaches) {
          chains.push({
            roles,
            reaches,
            certainty: holds && roles.every((r) => r.certainty === "yes") ? "yes" : "maybe",
          });
        }
        if (!reaches || more === "maybe") next.push({ access: role, chain: roles });
      }
    }
    frontier = next;
  }
  return chains;
}
