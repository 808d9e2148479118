import type { PrincipalAccess } from "../account/permissions.js";
import type { PermissiveContext } from "../findings/permissive/context.js";
import { groupsJoined, groupsToWrite } from "./group-joined.js";
import { newPrincipals } from "./new-principal.js";
import { selfMade } from "./self-made.js";

/** The caller as it may first make itself, and how. */
export interface ActingAs {
  access: PrincipalAccess;
  /** How surely it may make itself so. */
  certainty: "yes" | "maybe";
  /** The call by which it gives itself a policy allowing everything, or all its Denies, boundary and SCPs leave (selfMade). */
  selfGrant?: string;
  /** The group of its account it adds itself to (groupsJoined). */
  joinsGroup?: string;
}

const found = new WeakMap<PrincipalAccess, ActingAs[]>();

/**
 * What a user or role may make of itself before it acts, beyond its own policies: itself with a
 * policy allowing everything that it gives itself, then itself as a member of each group it may
 * add itself to, and as that member once it gives itself such a policy (both named), by the
 * group's policies or by writing one to that group, as to any other group it may join and write
 * to (groupsToWrite). The cross-account edges and the takeovers of its account both try them, where its own policies do
 * not surely do.
 */
export function actingAs(ctx: PermissiveContext, caller: PrincipalAccess): ActingAs[] {
  let ways = found.get(caller);
  if (!ways) {
    const made = selfMade(ctx, caller);
    ways = [
      ...(made ? [{ access: made.access, certainty: made.certainty, selfGrant: made.action }] : []),
      // A user or role it creates with any policy acts for it (selfGrant names the create call).
      ...newPrincipals(ctx, caller).map((n) => ({
        access: n.access,
        certainty: n.certainty,
        selfGrant: n.action,
      })),
      ...groupsJoined(ctx, caller).flatMap((j) => {
        // A member may be let give itself any policy by the group's: it joins, then does.
        const then = selfMade(ctx, j.access);
        const member = { access: j.access, certainty: j.certainty, joinsGroup: j.group };
        return then
          ? [member, { ...member, access: then.access, certainty: both(j, then), selfGrant: then.action }]
          : [member];
      }),
      // A group it may write to but that gives it nothing itself: only the member that writes counts.
      ...groupsToWrite(ctx, caller).flatMap((j) => {
        const then = selfMade(ctx, j.access);
        return then
          ? [{ access: then.access, certainty: both(j, then), joinsGroup: j.group, selfGrant: then.action }]
          : [];
      }),
    ];
    found.set(caller, ways);
  }
  return ways;
}

/** Sure only when both steps are. */
function both(a: { certainty: string }, b: { certainty: string }): "yes" | "maybe" {
  return a.certainty === "yes" && b.certainty === "yes" ? "yes" : "maybe";
}
