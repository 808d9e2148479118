import { keyLabel } from "./access-key-subject.js";
import { daysSince, type IdentityDetector, latest } from "./identity-context.js";
import { identityFinding } from "./identity-kinds.js";

/** CIS 1.7: the root user signed in or used a key within `rootRecentlyUsedDays`. */
export const rootRecentlyUsed: IdentityDetector = {
  kind: "root-recently-used",
  detect(ctx) {
    const root = ctx.snapshot.root;
    if (!root) return [];
    const uses = [
      { credential: "password", lastUsed: root.passwordLastUsed ?? null },
      ...root.accessKeys.map((k) => ({ credential: keyLabel(k), lastUsed: k.lastUsed ?? null })),
    ];
    const last = latest(uses.map((u) => u.lastUsed));
    const limit = ctx.config.rootRecentlyUsedDays;
    if (!last || daysSince(last, ctx.now) > limit) return [];
    return [
      identityFinding("root-recently-used", [root.arn], {
        principalArn: root.arn,
        title: `The root user was used ${daysSince(last, ctx.now)} days ago`,
        detail: `The root user was used within the last ${limit} days (last on ${last.toISOString()}).`,
        evidence: { uses, thresholdDays: limit, now: ctx.now.toISOString() },
      }),
    ];
  },
};
