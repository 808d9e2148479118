import type { AccountDetector } from "./context.js";
import { buildFinding } from "./finding.js";
import { lastUseCaveat } from "./snapshot-age.js";
import type { Finding } from "./types.js";
import { roleUsage } from "./usage.js";

/**
 * A role that existed for the whole window and that no source saw used in it. Roles created during
 * the window are too new to judge; service-linked roles are reported as info, since the service —
 * not the account — decides when they can go. IAM's RoleLastUsed ends at the snapshot: from one
 * older than now, only a trail that could show the role used since makes it unused (usage.ts).
 */
export const unusedRole: AccountDetector = {
  kind: "unused-role",
  scope: "account",
  needs: [],
  detect(ctx) {
    const findings: Finding[] = [];
    const start = new Date(ctx.window.start);
    for (const role of ctx.snapshot.roles) {
      if (new Date(role.createDate) > start) continue;
      const usage = roleUsage(ctx, role);
      if (usage.evidence.length === 0) continue;
      // IAM's data alone, from a snapshot older than now, says nothing of the days since.
      if (!usage.current) continue;
      if (usage.last && usage.last >= start) continue;
      const lastUse = usage.last
        ? `was last used on ${usage.last.toISOString()}${lastUseCaveat(ctx)}`
        : "has no recorded use";
      findings.push(
        buildFinding("unused-role", [role.arn], {
          principalArn: role.arn,
          ...(role.serviceLinked ? { variant: "service-linked" as const } : {}),
          title: `Role ${role.name} was not used in the last ${ctx.window.days} days`,
          detail: `The role ${lastUse}; the window starts ${ctx.window.start}.${role.serviceLinked ? " It is service-linked: delete it through its service if the service is no longer used." : ""}`,
          evidence: {
            createDate: role.createDate,
            windowStart: ctx.window.start,
            lastUsed: usage.last?.toISOString() ?? null,
            sources: usage.evidence,
            serviceLinked: role.serviceLinked,
          },
        }),
      );
    }
    return findings;
  },
};
