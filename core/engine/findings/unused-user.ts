import type { UserCredentials } from "../snapshot/model.js";
import type { AccountDetector } from "./context.js";
import { buildFinding } from "./finding.js";
import { lastUseCaveat } from "./snapshot-age.js";
import type { Finding } from "./types.js";
import { userUsage } from "./usage.js";

/**
 * A user that existed for the whole window and used neither its password, its access keys nor any
 * service in it. Users are taken from the authorization details and from the credential report,
 * which can list users the details omit. A user holding an active SSH public key, X.509 signing
 * certificate or service-specific credential is judged by CloudTrail alone: IAM records no last use for those,
 * and its password and keys lying idle say nothing of them. So is one whose SSH public keys and
 * service-specific credentials were not listed (othersListed). IAM's data ends at the snapshot: from
 * one older than now, nothing makes it unused, as a resource policy may allow it calls no trail
 * records (usage.ts).
 */
export const unusedUser: AccountDetector = {
  kind: "unused-user",
  scope: "account",
  needs: [],
  detect(ctx) {
    const { users, credentials } = ctx.snapshot;
    const created = new Map<string, { name: string; createDate: string | undefined }>();
    for (const user of users) created.set(user.arn, { name: user.name, createDate: user.createDate });
    for (const c of Object.values(credentials)) {
      if (!created.has(c.userArn)) created.set(c.userArn, { name: c.userName, createDate: c.userCreated });
    }
    const findings: Finding[] = [];
    const start = new Date(ctx.window.start);
    for (const [arn, { name, createDate }] of created) {
      if (!createDate || new Date(createDate) > start) continue;
      const usage = userUsage(ctx, arn);
      if (usage.evidence.length === 0) continue;
      // IAM's data alone, from a snapshot older than now, says nothing of the days since.
      if (!usage.current) continue;
      if (usage.last && usage.last >= start) continue;
      const listed = credentials[arn]?.otherCredentials;
      const other = (listed ?? []).filter((c) => c.active);
      const unlisted = !othersListed(listed);
      if ((other.length > 0 || unlisted) && !usage.evidence.some((e) => e.source === "CloudTrail")) continue;
      const beside = [
        ...(other.length > 0 ? [`though it holds ${other.map(describe).join(", ")}`] : []),
        ...(unlisted
          ? [
              "and its SSH public keys and service-specific credentials, which the credential report does not show, were not listed",
            ]
          : []),
      ];
      findings.push(
        buildFinding("unused-user", [arn], {
          principalArn: arn,
          title: `User ${name} was not used in the last ${ctx.window.days} days`,
          detail: `${
            usage.last
              ? `The user's last recorded use was on ${usage.last.toISOString()}${lastUseCaveat(ctx)}.`
              : "No password sign-in, access key use or service access is recorded for this user."
          }${beside.length > 0 ? ` CloudTrail recorded no call of it either, ${beside.join("; ")}.` : ""}`,
          evidence: {
            createDate,
            windowStart: ctx.window.start,
            lastUsed: usage.last?.toISOString() ?? null,
            sources: usage.evidence,
            ...(other.length > 0 ? { otherCredentials: other } : {}),
          },
        }),
      );
    }
    return findings;
  },
};

/**
 * Whether the user's SSH public keys and service-specific credentials were listed: the credential
 * report shows neither (its only other credentials are signing certificates, `cert_N_active`), and
 * only the live collector lists them, keeping the field even when it finds none. A field holding
 * signing certificates alone may be the report's: not listed. A user pushing to CodeCommit over
 * SSH every day shows no use in the report however idle its password and keys are.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html
 */
function othersListed(listed: UserCredentials["otherCredentials"]): boolean {
  return (
    listed !== undefined && (listed.length === 0 || listed.some((c) => c.kind !== "signing-certificate"))
  );
}

function describe(c: NonNullable<UserCredentials["otherCredentials"]>[number]): string {
  if (c.kind === "signing-certificate") return `an X.509 signing certificate (${c.id})`;
  return c.kind === "ssh-public-key"
    ? `SSH public key ${c.id}`
    : `a service-specific credential for ${c.service ?? "a service"} (${c.id})`;
}
