import type { PrincipalAccess } from "../account/permissions.js";
import type { PermissiveContext } from "../findings/permissive/context.js";
import { allowedDespite, assumeDenies, assumeStatements } from "../findings/permissive/escalation/trust.js";
import type { Caller } from "../findings/permissive/trust/caller.js";
import { isAccountRoot, parseArn } from "../policy/arn.js";
import { anyOf, type Tri } from "../policy/context.js";
import type { Role } from "../snapshot/model.js";
import type { CrossAccountPath } from "./cross-account.js";

/**
 * Whether the role's trust policy admits this caller, of another account or its own, and how; and
 * how surely the statements granting it directly do: naming its ARN, a session of its role, or `*`.
 */
export function trustFor(
  member: Caller,
  accountId: string,
  caller: PrincipalAccess,
  target: PermissiveContext,
  role: Role,
):
  | {
      via: CrossAccountPath["via"];
      certainty: Exclude<Tri, "no">;
      named?: Exclude<Tri, "no">;
      session?: Exclude<Tri, "no">;
      wildcard?: Exclude<Tri, "no">;
    }
  | undefined {
  const matches: { via: Admitted; certainty: Tri }[] = [];
  const wildcard: Tri[] = [];
  // A Deny with NotPrincipal keeps out everyone it does not name.
  const denies = assumeDenies(target, role).filter((d) => {
    const named =
      d.principal?.any || (d.principal?.values.AWS ?? []).some((v) => admits(v, accountId, caller));
    return d.notPrincipal ? !named : named;
  });
  for (const s of assumeStatements(target, role)) {
    const values = s.principal?.any ? ["*"] : (s.principal?.values.AWS ?? []);
    const vias = s.notPrincipal
      ? values.some((v) => admits(v, accountId, caller) !== undefined)
        ? []
        : ["anyone" as const]
      : values.flatMap((v) => admits(v, accountId, caller) ?? []);
    if (vias.length === 0) continue;
    const certainty = allowedDespite(member, s.conditions, denies);
    if (certainty === "no") continue;
    for (const via of vias) matches.push({ via, certainty });
    if (!s.notPrincipal && values.includes("*")) wildcard.push(certainty);
  }
  if (matches.length === 0) return undefined;
  const certainty = anyOf(matches.map((m) => m.certainty)) as Exclude<Tri, "no">;
  const surely = (tris: Tri[]) => (tris.length > 0 ? (anyOf(tris) as Exclude<Tri, "no">) : undefined);
  const of = (via: Admitted) => surely(matches.filter((m) => m.via === via).map((m) => m.certainty));
  const [named, session] = [of("named"), of("session")];
  const via = named || session ? "named" : matches.some((m) => m.via === "account") ? "account" : "anyone";
  const anyone = surely(wildcard);
  return {
    via,
    certainty,
    ...(named ? { named } : {}),
    ...(session ? { session } : {}),
    ...(anyone ? { wildcard: anyone } : {}),
  };
}

/** How a trust-policy principal value admits the caller: a session ARN of its role apart. */
type Admitted = CrossAccountPath["via"] | "session";

/** Whether one trust-policy AWS principal value admits the caller, and how. */
function admits(value: string, accountId: string, caller: PrincipalAccess): Admitted | undefined {
  if (value === "*") return "anyone";
  if (value === accountId || isAccountRoot(value, accountId)) return "account";
  if (value === caller.principal.arn) return "named";
  const arn = parseArn(value);
  if (!arn || arn.account !== accountId) return undefined;
  // A trust policy naming a session of a role (arn:aws:sts::…:assumed-role/NAME/session) trusts
  // that role; inside its account, no permissions boundary of the role limits that grant.
  const [kind, name] = arn.resource.split("/");
  if (
    caller.type === "role" &&
    arn.service === "sts" &&
    kind === "assumed-role" &&
    name === caller.principal.name
  )
    return "session";
  return undefined;
}
