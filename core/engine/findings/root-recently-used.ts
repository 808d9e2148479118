import { keyLabel } from "./access-key-subject.js";
import type { AccountDetector } from "./context.js";
import { buildFinding } from "./finding.js";
import { daysSince, latest } from "./identity-context.js";

/**
 * CIS 1.7: the root user signed in or used a key within `rootRecentlyUsedDays`. Its calls in
 * CloudTrail count too: a root session from sts:AssumeRoot sets neither the password's nor a key's
 * last-used date, and a credential report (or a snapshot without one) can be older than the trail.
 */
export const rootRecentlyUsed: AccountDetector = {
  kind: "root-recently-used",
  scope: "account",
  needs: [],
  detect(ctx) {
    const { root, accountId, users, roles } = ctx.snapshot;
    const partition = (root ?? users[0] ?? roles[0])?.arn.split(":")[1] ?? "aws";
    const arn = root?.arn ?? `arn:${partition}:iam::${accountId}:root`;
    const seen = ctx.activity?.lastSeen(arn);
    if (!root && !seen) return [];
    const uses = [
      ...(root
        ? [
            { credential: "password", lastUsed: root.passwordLastUsed ?? null },
            ...root.accessKeys.map((k) => ({ credential: keyLabel(k), lastUsed: k.lastUsed ?? null })),
          ]
        : []),
      ...(seen ? [{ credential: "CloudTrail", lastUsed: seen.toISOString() }] : []),
    ];
    const last = latest(uses.map((u) => u.lastUsed));
    const limit = ctx.config.rootRecentlyUsedDays;
    if (!last || daysSince(last, ctx.now) > limit) return [];
    return [
      buildFinding("root-recently-used", [arn], {
        principalArn: arn,
        title: `The root user was used ${daysSince(last, ctx.now)} days ago`,
        detail: `The root user was used within the last ${limit} days (last on ${last.toISOString()}).`,
        evidence: { uses, thresholdDays: limit, now: ctx.now.toISOString() },
      }),
    ];
  },
};
