import { snapshotLagDays, trackedSince } from "../findings/snapshot-age.js";
import type { LastAccessEvidence, ObservedAction } from "../generate/types.js";
import type { PrincipalLastAccessed, ServiceLastAccessed, Snapshot } from "../snapshot/model.js";

/**
 * What IAM's last-accessed data says about one action of a principal since `since`: action-level
 * data where AWS tracks the service's actions, else service-level data (no action of a service
 * last authenticated before the window was used in it), else nothing; never against the calls
 * CloudTrail shows the principal making in the window (`observed`).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_last-accessed.html
 */
export function lastAccessEvidence(
  snapshot: Snapshot,
  principalArn: string,
  window: { start: string; end: string },
  observed: readonly CalledAction[] = [],
): LastAccessEvidence {
  return lastAccessEvidenceOf(lastAccessedSpeaking(snapshot, principalArn, window), window.start, observed);
}

/** What of an observed action says whether CloudTrail shows it called. */
type CalledAction = Pick<ObservedAction, "action" | "count" | "refused" | "inferred" | "possible">;

/**
 * The principal's last-accessed data where it speaks for the whole window: it ends at the
 * snapshot, or at its own job's completion where that is given (a last-accessed file read beside a
 * newer credential report), so from either older than the window's end it cannot show a service
 * unused (one may have been used every day since), and none is taken — every verdict is then "unknown".
 */
export function lastAccessedSpeaking(
  snapshot: Snapshot,
  principalArn: string,
  window: { start: string; end: string },
): PrincipalLastAccessed | undefined {
  const end = new Date(window.end);
  if (snapshotLagDays(snapshot.collectedAt, end) !== undefined) return undefined;
  const data = snapshot.lastAccessed[principalArn];
  if (data?.jobCompleted !== undefined && snapshotLagDays(data.jobCompleted, end) !== undefined)
    return undefined;
  // The tracking period ends at the job's completion (else the snapshot's), which may be later.
  const until = Math.max(end.getTime(), Date.parse(data?.jobCompleted ?? snapshot.collectedAt) || 0);
  return data && !trackedSince(window.start, new Date(until)) ? datedOnly(data) : data;
}

/**
 * The entries that carry a date: one without says only that AWS's tracking period saw no access,
 * and a window reaching further back may hold one. Left out, its verdict is unknown.
 */
function datedOnly(data: PrincipalLastAccessed): PrincipalLastAccessed {
  return {
    ...data,
    services: data.services.flatMap((s) =>
      s.lastAuthenticated === undefined
        ? []
        : [
            {
              ...s,
              ...(s.actions ? { actions: s.actions.filter((a) => a.lastAccessed !== undefined) } : {}),
            },
          ],
    ),
  };
}

/**
 * The same from the principal's own last-accessed data: what a recommendation job carries. The
 * data "includes all attempts to access an AWS API" and shows recent activity only within about
 * four hours, while CloudTrail is "the authoritative source for information about all API calls":
 * a call CloudTrail shows in the window (allowed or refused; not one derived from another call's
 * parameters, nor one only possibly needed) is used, and a service whose data misses such a call
 * (its last access, or the call's tracked action, dated before the window) shows none of its
 * actions unused, as the data is behind. A job may end up to a day before the window does.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GenerateServiceLastAccessedDetails.html
 */
export function lastAccessEvidenceOf(
  data: PrincipalLastAccessed | undefined,
  since: string,
  observed: readonly CalledAction[] = [],
): LastAccessEvidence {
  const start = Date.parse(since);
  const inWindow = (date: string | undefined) => date !== undefined && Date.parse(date) >= start;
  const services = new Map((data?.services ?? []).map((s) => [s.namespace.toLowerCase(), s]));
  // Per service prefix, the names of the actions CloudTrail shows called in the window.
  const called = new Map<string, Set<string>>();
  for (const o of observed) {
    if (o.inferred || o.possible || (o.count <= 0 && (o.refused ?? 0) <= 0)) continue;
    const [prefix = "", name = ""] = o.action.toLowerCase().split(":");
    called.set(prefix, (called.get(prefix) ?? new Set()).add(name));
  }
  // Asked for thousands of actions per principal: tracked actions are indexed once per service.
  const tracked = new Map<string, Map<string, string | undefined>>();
  const trackedOf = (prefix: string, service: ServiceLastAccessed) => {
    let byName = tracked.get(prefix);
    if (!byName) {
      byName = new Map();
      // The first entry of a name wins, as a scan in order would find it.
      for (const a of service.actions ?? [])
        if (!byName.has(a.action.toLowerCase())) byName.set(a.action.toLowerCase(), a.lastAccessed);
      tracked.set(prefix, byName);
    }
    return byName;
  };
  // Per service called in the window, whether its data misses a call: decided once per service.
  const behind = new Map<string, boolean>();
  const behindOf = (prefix: string, service: ServiceLastAccessed, calls: ReadonlySet<string>) => {
    let missed = behind.get(prefix);
    if (missed === undefined) {
      const actions = trackedOf(prefix, service);
      missed =
        !inWindow(service.lastAuthenticated) ||
        [...calls].some((c) => actions.has(c) && !inWindow(actions.get(c)));
      behind.set(prefix, missed);
    }
    return missed;
  };
  return {
    verdict(actionKey) {
      if (services.size === 0) return "unknown";
      const [prefix = "", name = ""] = actionKey.split(":");
      const key = prefix.toLowerCase();
      const service = services.get(key);
      if (!service) return "unknown";
      const lower = name.toLowerCase();
      const calls = called.get(key);
      if (calls?.has(lower)) return "used";
      if (calls && behindOf(key, service, calls)) return "accessed-service";
      if (!inWindow(service.lastAuthenticated)) return "unused";
      const actions = trackedOf(key, service);
      if (!actions.has(lower)) return "accessed-service";
      return inWindow(actions.get(lower)) ? "used" : "unused";
    },
  };
}
