import type { IdentityDetector } from "./identity-context.js";
import { identityFinding } from "./identity-kinds.js";

/** CIS 1.10: every user with a console password has MFA. */
export const consoleWithoutMfa: IdentityDetector = {
  kind: "console-without-mfa",
  detect(ctx) {
    return Object.values(ctx.snapshot.credentials).flatMap((c) =>
      c.password.enabled && !c.mfa.active
        ? [
            identityFinding("console-without-mfa", [c.userArn], {
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
