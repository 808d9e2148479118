import type { AccountDetector } from "./context.js";
import { buildFinding } from "./finding.js";

/** CIS 1.10: every user with a console password has MFA. */
export const consoleWithoutMfa: AccountDetector = {
  kind: "console-without-mfa",
  scope: "account",
  needs: [],
  detect(ctx) {
    return Object.values(ctx.snapshot.credentials).flatMap((c) =>
      c.password.enabled && !c.mfa.active
        ? [
            buildFinding("console-without-mfa", [c.userArn], {
              principalArn: c.userArn,
              title: `User ${c.userName} can sign in to the console without MFA`,
              detail: "The user has a console password and no active MFA device.",
              evidence: {
                passwordEnabled: true,
                mfaActive: false,
                passwordLastUsed: c.password.lastUsed ?? null,
              },
            }),
          ]
        : [],
    );
  },
};
