import type { ActionUsage } from "../activity/usage.js";
import { followingAliases } from "./alias-followed-keys.js";
import type { ObservedAction } from "./types.js";

/**
 * The activity aggregate's per-action usage, as the generator reads it: allowed calls, and the
 * count of refused ones (an action only ever refused has no resources or authorizations).
 */
export function observedFromUsage(usage: readonly ActionUsage[]): ObservedAction[] {
  return followingAliases(usage)
    .filter((u) => u.count > 0 || u.denied > 0)
    .map((u) => ({
      action: u.action,
      count: u.count,
      ...(u.denied > 0 ? { refused: u.denied } : {}),
      ...(u.refusedResources ? { refusedResources: u.refusedResources } : {}),
      ...(u.refusedUnscoped ? { refusedUnscoped: u.refusedUnscoped } : {}),
      resources: u.resources,
      unscopedCalls: u.unscoped + u.resourceOverflow,
      ...(u.lastSeen ? { lastSeen: u.lastSeen } : {}),
      ...(u.inferred ? { inferred: true } : {}),
      ...(u.inferredResources ? { inferredResources: u.inferredResources } : {}),
      ...(u.possible ? { possible: true } : {}),
      authorizations: u.authorizations.map(({ count: _, ...a }) => a),
    }));
}
