import { keyLabel } from "./access-key-subject.js";
import type { AccountDetector } from "./context.js";
import { buildFinding } from "./finding.js";
import { daysSince, latest } from "./identity-context.js";

/** CIS 1.7: the root user signed in or used a key within `rootRecentlyUsedDays`. */
export const rootRecentlyUsed: AccountDetector = {
  kind: "root-recently-used",
  scope: "account",
  needs: [],
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
      buildFinding("root-recently-used", [root.arn], {
        principalArn: root.arn,
        title: `The root user was used ${daysSince(last, ctx.now)} days ago`,
        detail: `The root user was used within the last ${limit} days (last on ${last.toISOString()}).`,
        evidence: { uses, thresholdDays: limit, now: ctx.now.toISOString() },
      }),
    ];
  },
};
