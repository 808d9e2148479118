import {
  GetAccessKeyLastUsedCommand,
  type IAMClient,
  ListAccessKeysCommand,
  ListMFADevicesCommand,
} from "@aws-sdk/client-iam";
import type { AccessKey, UserCredentials } from "../engine/snapshot/model.js";
import { completeEachUser } from "./each-user.js";
import { describeAwsError } from "./iam-errors.js";

/**
 * Completes the credential report's view of each user: the report names keys only by slot, so the
 * keys' ids come from ListAccessKeys, which also shows keys made or deleted since the report
 * (AWS serves one up to four hours old), and where the report has no last-use date of that key the
 * key's own GetAccessKeyLastUsed answers. MFA device serials come from ListMFADevices.
 * Failures become warnings: the report's own data still stands.
 */
export async function completeUserCredentials(
  iam: Pick<IAMClient, "send">,
  credentials: Record<string, UserCredentials>,
  concurrency: number,
): Promise<{ credentials: Record<string, UserCredentials>; warnings: string[] }> {
  const warnings: string[] = [];
  const completed = await completeEachUser(
    credentials,
    concurrency,
    (c) => completeOne(iam, c),
    (c, error) =>
      warnings.push(
        `could not list the access keys or MFA devices of ${c.userArn}: ${describeAwsError(error)}`,
      ),
  );
  return { credentials: completed, warnings };
}

async function completeOne(iam: Pick<IAMClient, "send">, c: UserCredentials): Promise<UserCredentials> {
  // Every user's keys are listed: one made since the report was generated is in no slot of it.
  const listed = await iam.send(new ListAccessKeysCommand({ UserName: c.userName }));
  const metadata = [...(listed.AccessKeyMetadata ?? [])].sort(
    (a, b) => (a.CreateDate?.getTime() ?? 0) - (b.CreateDate?.getTime() ?? 0),
  );
  const accessKeys = await Promise.all(
    metadata.map(async (m) => {
      // The report's key created at the same second: keys may have been deleted or made since
      // the report (kept up to four hours), so its slots need not be the listing's order.
      const fromReport = c.accessKeys.find((k) => sameSecond(k.created, m.CreateDate));
      const key: AccessKey = {
        ...fromReport,
        ...(m.AccessKeyId ? { id: m.AccessKeyId } : {}),
        status: m.Status === "Inactive" ? "Inactive" : "Active",
        ...(m.CreateDate ? { created: m.CreateDate.toISOString() } : {}),
      };
      return typeof key.lastUsed === "string" || !m.AccessKeyId ? key : withLastUse(iam, key, m.AccessKeyId);
    }),
  );
  const devices = c.mfa.active ? await mfaSerials(iam, c.userName) : undefined;
  return { ...c, accessKeys, mfa: { ...c.mfa, ...(devices ? { devices } : {}) } };
}

function sameSecond(reported: string | undefined, listed: Date | undefined): boolean {
  if (!reported || !listed) return false;
  return Math.floor(Date.parse(reported) / 1000) === Math.floor(listed.getTime() / 1000);
}

/** GetAccessKeyLastUsed answers `N/A` for service and region, and no date, when a key was never used. */
async function withLastUse(iam: Pick<IAMClient, "send">, key: AccessKey, id: string): Promise<AccessKey> {
  const answer = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: id }));
  const used = answer.AccessKeyLastUsed;
  const known = (value: string | undefined) => (value && value !== "N/A" ? value : undefined);
  const service = known(used?.ServiceName);
  const region = known(used?.Region);
  return {
    ...key,
    lastUsed: used?.LastUsedDate ? used.LastUsedDate.toISOString() : null,
    ...(service ? { lastUsedService: service } : {}),
    ...(region ? { lastUsedRegion: region } : {}),
  };
}

async function mfaSerials(iam: Pick<IAMClient, "send">, userName: string): Promise<string[]> {
  const listed = await iam.send(new ListMFADevicesCommand({ UserName: userName }));
  return (listed.MFADevices ?? []).flatMap((d) => (d.SerialNumber ? [d.SerialNumber] : []));
}
