import type { IdentityContext } from "../../../core/engine/findings/identity-context.js";
import { identityConfig } from "../../../core/engine/findings/identity-detectors.js";
import type { Snapshot } from "../../../core/engine/snapshot/model.js";

export const NOW = new Date("2026-06-01T00:00:00Z");

/** A detector context at NOW with a 90-day window and default thresholds. */
export function contextFor(snapshot: Snapshot, extra: Partial<IdentityContext> = {}): IdentityContext {
  return {
    snapshot,
    now: NOW,
    window: { start: daysAgo(90), end: NOW, days: 90 },
    config: identityConfig(),
    ...extra,
  };
}

export function daysAgo(days: number): Date {
  return new Date(NOW.getTime() - days * 86_400_000);
}

export const iso = (days: number) => daysAgo(days).toISOString();
