import type { ActionSet } from "../catalog/action-set.js";
import { PrincipalPermissions } from "../policy/principal-permissions.js";
import type { Snapshot } from "../snapshot/model.js";
import { inlineSource, policiesOf } from "../snapshot/policies-of.js";
import { principalByArn } from "../snapshot/principal-index.js";
import type { GrantChange } from "./grant-changes.js";
import { GRANTING_CALLS } from "./knowledge/granting-calls.js";

/** A policy a principal holds today that a change inside the window gave it (or rewrote). */
export interface RecentGrant {
  /** The managed policy's ARN, or `owner#inline/name` (policies-of.ts). */
  source: string;
  /** The change and its last call: `AttachRolePolicy 2026-05-20T00:00:00Z`. */
  change: string;
}

/**
 * For each user, role or group, the policies it holds today that the trail shows granted inside
 * the window: its own inline policy written or managed policy attached, the same on a group it is
 * in, a managed policy it holds given a new default version, every policy of a group a user was
 * added to, or every policy of a principal whose permissions boundary was replaced, removed or
 * given a new default version. Such a policy was held for part of the window only: what it grants and the window
 * did not show is not unused. Changes of another account are not this snapshot's.
 */
export function recentGrants(
  snapshot: Snapshot,
  changes: readonly GrantChange[],
): (arn: string) => RecentGrant[] {
  const byTarget = new Map<string, GrantChange[]>();
  for (const change of changes) {
    if (change.accountId !== undefined && change.accountId !== snapshot.accountId) continue;
    const key = `${change.target}\u0000${change.name}`;
    byTarget.set(key, [...(byTarget.get(key) ?? []), change]);
  }
  const cache = new Map<string, RecentGrant[]>();
  return (arn) => {
    let grants = cache.get(arn);
    if (!grants) {
      grants = byTarget.size === 0 ? [] : grantsOf(snapshot, arn, byTarget);
      cache.set(arn, grants);
    }
    return grants;
  };
}

/** What the recently granted policies allow today, what the principal's other policies deny excluded. */
export function recentlyAllowed(
  permissions: PrincipalPermissions,
  recent: readonly RecentGrant[],
): ActionSet {
  const sources = new Set(recent.map((g) => g.source));
  const identity = permissions.policies.identity.filter((p) => sources.has(p.source));
  if (identity.length === 0) return permissions.catalog.emptySet();
  const granted = new PrincipalPermissions(permissions.catalog, { ...permissions.policies, identity });
  return granted.effective().possible.intersect(permissions.effective().possible);
}

function grantsOf(snapshot: Snapshot, arn: string, byTarget: Map<string, GrantChange[]>): RecentGrant[] {
  const found = principalByArn(snapshot, arn);
  const applied = policiesOf(snapshot, arn)?.identity ?? [];
  if (!found) return [];
  const changesOf = (target: GrantChange["target"], name: string, grants: string) =>
    (byTarget.get(`${target}\u0000${name}`) ?? []).filter(
      (c) => GRANTING_CALLS[c.eventName]?.grants === grants,
    );
  const groupName = (groupArn: string) => snapshot.groups.find((g) => g.arn === groupArn)?.name ?? "";
  // Its boundary replaced or removed, or the boundary policy given a new default version: every
  // policy it holds may allow more than it did before.
  const boundaryArn = found.type === "group" ? undefined : found.principal.permissionsBoundaryArn;
  const widened = [
    ...changesOf(found.type, found.principal.name, "boundary"),
    ...(boundaryArn ? changesOf("policy", boundaryArn, "version") : []),
  ];
  const grants: RecentGrant[] = [];
  for (const policy of applied) {
    const owner = policy.via
      ? { target: "group" as const, name: groupName(policy.via) }
      : { target: found.type, name: found.principal.name };
    const matching =
      policy.kind === "inline"
        ? changesOf(owner.target, owner.name, "inline").filter(
            (c) => policy.source === inlineSource(policy.via ?? arn, c.grant ?? ""),
          )
        : [
            ...changesOf(owner.target, owner.name, "managed").filter((c) => c.grant === policy.source),
            ...changesOf("policy", policy.source, "version"),
          ];
    // Joining a group brings every policy of the group.
    if (policy.via && found.type === "user")
      matching.push(
        ...changesOf("user", found.principal.name, "group").filter((c) => c.grant === owner.name),
      );
    matching.push(...widened);
    for (const c of matching) grants.push({ source: policy.source, change: `${c.eventName} ${c.lastSeen}` });
  }
  return grants;
}
