import type { ActionSet } from "../catalog/action-set.js";
import { PrincipalPermissions } from "../policy/principal-permissions.js";
import type { Snapshot } from "../snapshot/model.js";
import { policiesOf } from "../snapshot/policies-of.js";
import { principalByArn } from "../snapshot/principal-index.js";
import type { GrantChange } from "./grant-changes.js";
import { GRANTING_CALLS, type GrantingCall } from "./knowledge/granting-calls.js";

/** A policy a principal holds today that a change inside the window gave it (or rewrote). */
export interface RecentGrant {
  /** The managed policy's ARN, or `owner#inline/name` (policies-of.ts). */
  source: string;
  /** The change and its last call: `AttachRolePolicy 2026-05-20T00:00:00Z`. */
  change: string;
}

/**
 * For each user, role or group, the policies it holds today that may allow more than they did at
 * some point inside the window, as the trail shows: a managed policy attached or a group joined
 * (that policy, or that group's policies); and, where a change may have lifted a Deny, a boundary
 * or a tag condition whose earlier state is unknown (an inline policy written, a new default
 * version, a policy deleted or detached, a group left, the boundary or the tags changed), every
 * policy it holds. What such a policy grants and the window did not show is not unused. Changes
 * of another account are not this snapshot's.
 */
export function recentGrants(
  snapshot: Snapshot,
  changes: readonly GrantChange[],
  undated = "",
  windowStart?: string,
): (arn: string) => RecentGrant[] {
  // A trail that cannot show grants, or a snapshot later than the window (grant-dates.ts): any
  // policy held may be new.
  if (undated) return (arn) => heldPolicies(snapshot, arn, undated);
  const byTarget = new Map<string, GrantChange[]>();
  const renamed = new Map<string, GrantChange[]>();
  for (const change of changes) {
    if (change.accountId !== undefined && change.accountId !== snapshot.accountId) continue;
    const key = targetKey(change.target, change.name);
    byTarget.set(key, [...(byTarget.get(key) ?? []), change]);
    if (GRANTING_CALLS[change.eventName]?.grants === "rename" && change.grant !== undefined) {
      const to = targetKey(change.target, change.grant);
      renamed.set(to, [...(renamed.get(to) ?? []), change]);
    }
  }
  // A user or group renamed inside the window had its earlier changes filed under its old names
  // (a change under an old name after the rename, to a new entity of that name, counts too: the
  // cautious side), and a group joined under its old name was the renamed group.
  const former = new Map<string, Set<string>>();
  for (const to of renamed.keys()) {
    const names = new Set([to]);
    const pending = [...renamed.get(to)!];
    while (pending.length > 0) {
      const { target, name } = pending.pop()!;
      const old = targetKey(target, name);
      if (names.has(old)) continue;
      names.add(old);
      pending.push(...(renamed.get(old) ?? []));
    }
    former.set(to, names);
  }
  const filed = new Map(byTarget);
  for (const [to, names] of former)
    byTarget.set(
      to,
      [...names].flatMap((key) => filed.get(key) ?? []),
    );
  // AWS's own new versions count only where one falls inside the window: looked for once, not
  // per principal.
  const since = windowStart !== undefined && updatedSince(snapshot, windowStart) ? windowStart : undefined;
  const cache = new Map<string, RecentGrant[]>();
  return (arn) => {
    let grants = cache.get(arn);
    if (!grants) {
      grants =
        byTarget.size === 0 && since === undefined ? [] : grantsOf(snapshot, arn, byTarget, former, since);
      cache.set(arn, grants);
    }
    return grants;
  };
}

/** Every policy the principal holds, as granted at a time the trail read cannot show. */
function heldPolicies(snapshot: Snapshot, arn: string, why: string): RecentGrant[] {
  return (policiesOf(snapshot, arn)?.identity ?? []).map((p) => ({
    source: p.source,
    change: `undated: ${why}`,
  }));
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

function grantsOf(
  snapshot: Snapshot,
  arn: string,
  byTarget: Map<string, GrantChange[]>,
  former: Map<string, Set<string>>,
  windowStart: string | undefined,
): RecentGrant[] {
  const found = principalByArn(snapshot, arn);
  const applied = policiesOf(snapshot, arn)?.identity ?? [];
  if (!found) return [];
  const changesOf = (target: GrantChange["target"], name: string, ...kinds: GrantingCall["grants"][]) =>
    (byTarget.get(targetKey(target, name)) ?? []).filter((c) =>
      kinds.includes(GRANTING_CALLS[c.eventName]?.grants as GrantingCall["grants"]),
    );
  const groupName = (groupArn: string) => snapshot.groups.find((g) => g.arn === groupArn)?.name ?? "";
  const groups = found.type === "user" ? found.principal.groups : [];
  const boundaryArn = found.type === "group" ? undefined : found.principal.permissionsBoundaryArn;
  // Changes that may have lifted a Deny, a boundary or a tag condition anywhere: an inline policy
  // written (perhaps over one with a Deny), a held managed policy or the boundary given a new
  // default version, a policy deleted or detached, a group left, the boundary or tags changed.
  // What was there before is unknown, so every policy the principal holds counts as granted then.
  const widened = [
    ...changesOf(found.type, found.principal.name, "inline", "widens"),
    ...groups.flatMap((g) => changesOf("group", g, "inline", "widens")),
    ...applied.filter((p) => p.kind !== "inline").flatMap((p) => changesOf("policy", p.source, "version")),
    ...(boundaryArn ? changesOf("policy", boundaryArn, "version") : []),
  ];
  // A boundary AWS gave a new version may allow more since, as one given it by the account's call.
  const boundaryUpdated = boundaryArn ? updatedByAws(snapshot, boundaryArn, windowStart) : [];
  const grants: RecentGrant[] = [];
  for (const policy of applied) {
    const owner = policy.via
      ? { target: "group" as const, name: groupName(policy.via) }
      : { target: found.type, name: found.principal.name };
    // A managed policy attached, or a group joined, only adds: what it grants is what changed.
    const matching =
      policy.kind === "inline"
        ? []
        : changesOf(owner.target, owner.name, "managed").filter(
            (c) => c.grant?.toLowerCase() === policy.source.toLowerCase(),
          );
    if (policy.via && found.type === "user")
      matching.push(
        ...changesOf("user", found.principal.name, "group").filter((c) => {
          const joined = targetKey("group", c.grant ?? "");
          const group = targetKey("group", owner.name);
          return joined === group || (former.get(group)?.has(joined) ?? false);
        }),
      );
    matching.push(...widened);
    for (const c of matching) grants.push({ source: policy.source, change: `${c.eventName} ${c.lastSeen}` });
    const updated = policy.kind === "inline" ? [] : updatedByAws(snapshot, policy.source, windowStart);
    for (const change of [...updated, ...boundaryUpdated]) grants.push({ source: policy.source, change });
  }
  return grants;
}

/**
 * An AWS managed policy's new version made inside the window, as a change: AWS adds permissions to
 * its policies for new features, in its own account, so the audited account's trail records no call
 * for it; the snapshot's UpdateDate is when the policy's most recent version was created.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_Policy.html
 */
function updatedByAws(snapshot: Snapshot, policyArn: string, windowStart: string | undefined): string[] {
  const policy = snapshot.managedPolicies[policyArn];
  const updated = policy?.isAwsManaged ? policy.updateDate : undefined;
  if (windowStart === undefined || updated === undefined) return [];
  return Date.parse(updated) > Date.parse(windowStart) ? [`updated by AWS ${updated}`] : [];
}

/** Whether AWS gave any of its managed policies in the snapshot a new version after `windowStart`. */
function updatedSince(snapshot: Snapshot, windowStart: string): boolean {
  const start = Date.parse(windowStart);
  return Object.values(snapshot.managedPolicies).some(
    (p) => p.isAwsManaged && p.updateDate !== undefined && Date.parse(p.updateDate) > start,
  );
}

/** IAM names are unique whatever their case, and a call may spell one in another: matched without it. */
const targetKey = (target: GrantChange["target"], name: string) => `${target}\u0000${name.toLowerCase()}`;
