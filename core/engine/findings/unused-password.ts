import type { AccountDetector } from "./context.js";
import { buildFinding } from "./finding.js";
import { asOf, idleDays, idleSince } from "./snapshot-age.js";
import type { Finding } from "./types.js";
import { signInsShown } from "./usage.js";

/**
 * CIS 1.12: a console password not used for `unusedPasswordDays`, or never used although it was set
 * that long ago. "no_information" in the report (no record) is unknown and not reported. A console
 * sign-in CloudTrail shows is a use of the password, whatever the report's date says (a report
 * kept from an earlier day lags the trail read with it). Without such a trail, a report older than
 * now says nothing of the days since: the password's use is then unknown (snapshot-age.ts).
 */
export const unusedPassword: AccountDetector = {
  kind: "unused-password",
  scope: "account",
  needs: [],
  detect(ctx) {
    const limit = ctx.config.unusedPasswordDays;
    const findings: Finding[] = [];
    for (const c of Object.values(ctx.snapshot.credentials)) {
      const { password } = c;
      if (!password.enabled || password.lastUsed === undefined) continue;
      const trail = ctx.activity?.usageOf(c.userArn)?.consoleSignIn;
      const lastUsed =
        trail && (!password.lastUsed || Date.parse(trail) > Date.parse(password.lastUsed))
          ? trail
          : password.lastUsed;
      const since = lastUsed ?? password.lastChanged ?? c.userCreated;
      if (!since) continue;
      // A trail read over the whole window shows any console sign-in since the snapshot, if it
      // records sign-ins in every region.
      const idle = idleSince(ctx, since, signInsShown(ctx));
      if (!idle || idle.days <= limit) continue;
      findings.push(
        buildFinding("unused-password", [c.userArn], {
          principalArn: c.userArn,
          title:
            lastUsed || idle.atLeast
              ? `User ${c.userName} has not signed in to the console for ${idleDays(idle)}${asOf(idle, ctx)}`
              : `User ${c.userName} has never signed in with a password set ${idle.days} days ago${asOf(idle, ctx)}`,
          detail: `The console password is enabled and unused for more than ${limit} days.`,
          evidence: {
            passwordLastUsed: lastUsed,
            ...(trail ? { lastSignInInCloudTrail: trail } : {}),
            passwordLastChanged: password.lastChanged ?? null,
            userCreated: c.userCreated ?? null,
            thresholdDays: limit,
            now: ctx.now.toISOString(),
            ...(idle.asOf < ctx.now ? { knownUntil: idle.asOf.toISOString() } : {}),
          },
        }),
      );
    }
    return findings;
  },
};
