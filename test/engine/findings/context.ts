import { AccountPermissions } from "../../../core/engine/account/permissions.js";
import type { ActivityEvidence, FindingContext } from "../../../core/engine/findings/context.js";
import { identityConfig } from "../../../core/engine/findings/identity-context.js";
import type { Snapshot } from "../../../core/engine/snapshot/model.js";
import { catalog } from "../../helpers/catalog.js";
import { snapshotWith } from "../../helpers/snapshot-fixture.js";

export const NOW = new Date("2026-06-01T00:00:00Z");

/** A detector context at NOW with a 90-day window and default thresholds. */
export function contextFor(snapshot: Snapshot, extra: Partial<FindingContext> = {}): FindingContext {
  return {
    catalog,
    snapshot,
    account: new AccountPermissions(catalog, snapshot),
    now: NOW,
    window: { start: iso(90), end: NOW.toISOString(), days: 90 },
    config: identityConfig(),
    ...extra,
  };
}

/**
 * A snapshot collected at NOW, as the detector tests' dates (`iso(days)` before NOW) mean: IAM's
 * last-used data in it speaks up to the audit time (an older one speaks only up to its collection).
 */
export function snapshotAtNow(parts: Partial<Snapshot> = {}): Snapshot {
  return snapshotWith({ collectedAt: NOW.toISOString(), ...parts });
}

/** CloudTrail evidence that only knows when principals were last seen. */
export function seen(lastSeen: (arn: string) => Date | undefined, covers = true): ActivityEvidence {
  return { observable: catalog.emptySet(), usageOf: () => undefined, lastSeen, covers };
}

export function daysAgo(days: number): Date {
  return new Date(NOW.getTime() - days * 86_400_000);
}

export const iso = (days: number) => daysAgo(days).toISOString();
