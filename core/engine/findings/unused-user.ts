import type { IdentityDetector } from "./identity-context.js";
import { identityFinding } from "./identity-kinds.js";
import type { Finding } from "./types.js";
import { userUsage } from "./usage.js";

/**
 * A user that existed for the whole window and used neither its password, its access keys nor any
 * service in it. Users are taken from the authorization details and from the credential report,
 * which can list users the details omit.
 */
export const unusedUser: IdentityDetector = {
  kind: "unused-user",
  detect(ctx) {
    const { users, credentials } = ctx.snapshot;
    const created = new Map<string, { name: string; createDate: string | undefined }>();
    for (const user of users) created.set(user.arn, { name: user.name, createDate: user.createDate });
    for (const c of Object.values(credentials)) {
      if (!created.has(c.userArn)) created.set(c.userArn, { name: c.userName, createDate: c.userCreated });
    }
    const findings: Finding[] = [];
    for (const [arn, { name, createDate }] of created) {
      if (!createDate || new Date(createDate) > ctx.window.start) continue;
      const usage = userUsage(ctx, arn);
      if (usage.evidence.length === 0) continue;
      if (usage.last && usage.last >= ctx.window.start) continue;
      findings.push(
        identityFinding("unused-user", [arn], {
          principalArn: arn,
          title: `User ${name} was not used in the last ${ctx.window.days} days`,
          detail: usage.last
            ? `The user's last recorded use was on ${usage.last.toISOString()}.`
            : "No password sign-in, access key use or service access is recorded for this user.",
          evidence: {
            createDate,
            windowStart: ctx.window.start.toISOString(),
            lastUsed: usage.last?.toISOString() ?? null,
            sources: usage.evidence,
          },
        }),
      );
    }
    return findings;
  },
};
