import type { PrincipalAccess } from "../../../account/permissions.js";
import type { Tri } from "../../../policy/context.js";
import { adminLevel } from "../admin-access.js";
import type { PermissiveContext } from "../context.js";
import { type AssumeEdge, assumableRoles } from "./assume.js";
import { morePrivileged } from "./capability.js";
import { directPaths } from "./direct.js";

export interface Chain {
  /** The roles assumed in turn, first hop first. */
  roles: { arn: string; via: AssumeEdge["via"]; certainty: Exclude<Tri, "no"> }[];
  /** What the last role gives: administrator access, or the ids of its own escalation paths. */
  reaches: "admin" | string[];
  certainty: Exclude<Tri, "no">;
}

/** Hops followed at most; real assume-role chains are short, and a cycle is cut by the visited set. */
const MAX_HOPS = 5;

/**
 * Transitive escalation: the principal can assume a role (possibly through other roles) that is
 * an administrator or has an escalation path of its own, and that can do more than the principal.
 * Breadth-first, so each reachable role is reported through its shortest chain. `firstHop` gives
 * the subject's own edges, for a subject whose permissions differ from the account's memo.
 */
export function escalationChains(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  firstHop: typeof assumableRoles = assumableRoles,
): Chain[] {
  const chains: Chain[] = [];
  const visited = new Set<string>([subject.principal.arn]);
  let frontier: { access: PrincipalAccess; chain: Chain["roles"] }[] = [{ access: subject, chain: [] }];
  for (let hop = 0; hop < MAX_HOPS && frontier.length > 0; hop++) {
    const next: typeof frontier = [];
    for (const { access, chain } of frontier) {
      for (const edge of (hop === 0 ? firstHop : assumableRoles)(ctx, access)) {
        if (visited.has(edge.role.arn)) continue;
        visited.add(edge.role.arn);
        const role = ctx.account.of(edge.role.arn)!;
        const roles = [...chain, { arn: edge.role.arn, via: edge.via, certainty: edge.certainty }];
        // A role only maybe more privileged (a comparison cut short) gives its paths conditionally,
        // and the roles beyond it are still followed: one of them may be more privileged for sure.
        const more = morePrivileged(ctx, subject, role);
        const gives = more === "no" ? undefined : whatItGives(ctx, role, subject);
        if (gives) {
          const sure = more === "yes" && gives.certain && roles.every((r) => r.certainty === "yes");
          chains.push({ roles, reaches: gives.reaches, certainty: sure ? "yes" : "maybe" });
        }
        if (!gives || more === "maybe") next.push({ access: role, chain: roles });
      }
    }
    frontier = next;
  }
  return chains;
}

/**
 * The role's paths as the chain's first caller takes them (a user can join a group through the
 * role), and whether it holds them outright: an administrator only under a condition, or a role
 * whose every path hangs on one, makes the whole chain hang on it however sure the hops are.
 */
function whatItGives(
  ctx: PermissiveContext,
  role: PrincipalAccess,
  subject: PrincipalAccess,
): { reaches: Chain["reaches"]; certain: boolean } | undefined {
  const level = adminLevel(ctx, role);
  if (level) return { reaches: "admin", certain: level === "certain" };
  const paths = directPaths(ctx, role, subject.type);
  if (paths.length === 0) return undefined;
  return { reaches: paths.map((p) => p.path.id), certain: paths.some((p) => p.certainty === "yes") };
}
