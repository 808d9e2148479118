import type { Catalog } from "../catalog/catalog.js";
import { PrincipalPermissions } from "../policy/principal-permissions.js";
import type { Policy } from "../policy/types.js";
import type { Snapshot, User } from "../snapshot/model.js";
import { groupsOfUser } from "../snapshot/relation-index.js";
import type { PrincipalAccess } from "./permissions.js";
import { unknownAllow } from "./unread-boundary.js";

/**
 * The managed policies attached to the principal, or to a group of a user's, that the snapshot
 * holds no document for (a GAAD taken with `--filter LocalManagedPolicy` leaves out every AWS
 * managed policy, AdministratorAccess included). Its boundary is not one: that caps, it grants nothing.
 */
export function unreadPolicies(snapshot: Snapshot, access: PrincipalAccess): string[] {
  if (access.missing.length === 0) return [];
  const owners =
    access.type === "user"
      ? [access.principal, ...groupsOfUser(snapshot, access.principal as User)]
      : [access.principal];
  const attached = new Set(owners.flatMap((o) => o.attachedPolicyArns));
  return [...attached].filter((arn) => !snapshot.managedPolicies[arn]);
}

const widened = new WeakMap<
  PrincipalAccess,
  { permissions: PrincipalPermissions; sources: string[] } | null
>();

/**
 * The principal's permissions with each unread policy read as allowing every action under a
 * condition no request can decide: what it grants is unknown, so what it may grant is "maybe",
 * never certain and never nothing, still capped by the boundary and SCPs the snapshot holds.
 * Undefined when every attached policy was read. Kept apart from the principal's permissions,
 * which say what it is known to hold: the unknown grant makes nothing unused nor recommendable.
 */
export function withUnreadPolicies(
  catalog: Catalog,
  snapshot: Snapshot,
  access: PrincipalAccess,
): { permissions: PrincipalPermissions; sources: string[] } | undefined {
  let known = widened.get(access);
  if (known === undefined) {
    const sources = unreadPolicies(snapshot, access);
    known = null;
    if (sources.length > 0) {
      const unknown = sources.map((source) => {
        const statement = unknownAllow(source, 0, "whittle:PolicyDocument");
        const policy: Policy = { statements: [statement], drafts: [statement], size: 0, raw: undefined };
        return { source, policy };
      });
      const { identity, ...rest } = access.permissions.policies;
      const permissions = new PrincipalPermissions(catalog, { ...rest, identity: [...identity, ...unknown] });
      known = { permissions, sources };
    }
    widened.set(access, known);
  }
  return known ?? undefined;
}
