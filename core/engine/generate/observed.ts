import type { ActionUsage } from "../activity/usage.js";
import type { ObservedAction } from "./types.js";

/** The activity aggregate's per-action usage, as the generator reads it (allowed calls only). */
export function observedFromUsage(usage: readonly ActionUsage[]): ObservedAction[] {
  return usage
    .filter((u) => u.count > 0)
    .map((u) => ({
      action: u.action,
      count: u.count,
      resources: u.resources,
      unscopedCalls: u.unscoped + u.resourceOverflow,
      ...(u.lastSeen ? { lastSeen: u.lastSeen } : {}),
      ...(u.inferred ? { inferred: true } : {}),
      authorizations: u.authorizations.map(({ count: _, ...a }) => a),
    }));
}
