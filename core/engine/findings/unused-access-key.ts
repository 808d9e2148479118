import { keyLabel } from "./access-key-subject.js";
import { keyLastSeenInTrail } from "./access-key-use.js";
import type { AccountDetector } from "./context.js";
import { buildFinding } from "./finding.js";
import { asOf, idleDays, idleSince } from "./snapshot-age.js";
import type { Finding } from "./types.js";

/**
 * CIS 1.12: an active access key unused for `unusedAccessKeyDays`, or never used although created
 * that long ago (a key nobody uses may have been handed over insecurely and forgotten). A key seen
 * signing calls in CloudTrail is used, whatever IAM's last-used date says. IAM's date says nothing
 * of the days after the snapshot, and no trail does either (usage.ts): a snapshot older than now
 * leaves its use unknown (snapshot-age.ts).
 */
export const unusedAccessKey: AccountDetector = {
  kind: "unused-access-key",
  scope: "account",
  needs: [],
  detect(ctx) {
    const limit = ctx.config.unusedAccessKeyDays;
    const findings: Finding[] = [];
    for (const c of Object.values(ctx.snapshot.credentials)) {
      for (const key of c.accessKeys) {
        const trail = keyLastSeenInTrail(ctx, c, key);
        const lastUsed =
          trail && (!key.lastUsed || Date.parse(trail) > Date.parse(key.lastUsed)) ? trail : key.lastUsed;
        if (key.status !== "Active" || lastUsed === undefined) continue;
        const since = lastUsed ?? key.created;
        if (!since) continue;
        // No trail shows a key idle since the snapshot: a resource policy may allow it calls no
        // trail records (usage.ts userUsage). Its use in the trail still counts, above.
        const idle = idleSince(ctx, since, false);
        if (!idle || idle.days <= limit) continue;
        findings.push(
          buildFinding("unused-access-key", [c.userArn, keyLabel(key)], {
            principalArn: c.userArn,
            title:
              lastUsed || idle.atLeast
                ? `${keyLabel(key)} of ${c.userName} has not been used for ${idleDays(idle)}${asOf(idle, ctx)}`
                : `${keyLabel(key)} of ${c.userName} was created ${idle.days} days ago and never used${asOf(idle, ctx)}`,
            detail: `The key is active and unused for more than ${limit} days.`,
            evidence: {
              key: keyLabel(key),
              created: key.created ?? null,
              lastUsed,
              ...(trail ? { lastSeenInCloudTrail: trail } : {}),
              lastUsedService: key.lastUsedService ?? null,
              thresholdDays: limit,
              now: ctx.now.toISOString(),
              ...(idle.asOf < ctx.now ? { knownUntil: idle.asOf.toISOString() } : {}),
            },
          }),
        );
      }
    }
    return findings;
  },
};
