import type { EventCount } from "./usage.js";

/**
 * Why no minimized policy can be shown to keep a principal's calls that map to no catalog action:
 * the policy is built and proven over the catalog's actions, so such a call (an API newer than the
 * catalog, an event named apart from its action) would be dropped unseen, and its workload broken.
 */
export const UNMAPPED_CALLS_REASON =
  "allowed calls were seen that map to no IAM action Whittle knows, so no minimized policy can be shown to keep them";

/** The calls as a reader names them: `sqs.amazonaws.com NewApi (3 calls)`. */
export function unmappedCallNames(calls: readonly EventCount[]): string[] {
  return calls.map((c) => `${c.eventSource} ${c.eventName} (${c.count} call${c.count === 1 ? "" : "s"})`);
}
