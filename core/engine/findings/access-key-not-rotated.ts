import { keyLabel } from "./access-key-subject.js";
import type { AccountDetector } from "./context.js";
import { buildFinding } from "./finding.js";
import { daysSince } from "./identity-context.js";
import type { Finding } from "./types.js";

/** CIS 1.14: an active access key older than `accessKeyRotationDays`. */
export const accessKeyNotRotated: AccountDetector = {
  kind: "access-key-not-rotated",
  scope: "account",
  needs: [],
  detect(ctx) {
    const limit = ctx.config.accessKeyRotationDays;
    const findings: Finding[] = [];
    for (const c of Object.values(ctx.snapshot.credentials)) {
      for (const key of c.accessKeys) {
        if (key.status !== "Active" || !key.created || daysSince(key.created, ctx.now) <= limit) continue;
        findings.push(
          buildFinding("access-key-not-rotated", [c.userArn, keyLabel(key)], {
            principalArn: c.userArn,
            title: `${keyLabel(key)} of ${c.userName} is ${daysSince(key.created, ctx.now)} days old`,
            detail: `Active access keys should be rotated at least every ${limit} days.`,
            evidence: {
              key: keyLabel(key),
              created: key.created,
              thresholdDays: limit,
              now: ctx.now.toISOString(),
            },
          }),
        );
      }
    }
    return findings;
  },
};
