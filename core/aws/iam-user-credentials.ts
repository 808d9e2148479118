import {
  GetAccessKeyLastUsedCommand,
  GetLoginProfileCommand,
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
 * key's own GetAccessKeyLastUsed answers. A password given since the report is read from GetLoginProfile. MFA device serials come from ListMFADevices.
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
  const password = c.password.enabled ? c.password : await passwordSince(iam, c);
  return { ...c, password, accessKeys, mfa: { ...c.mfa, ...(devices ? { devices } : {}) } };
}

/**
 * A user the report shows without a password may have been given one since (AWS serves a report
 * up to four hours old): then it is enabled, and its use, which the report does not show, unknown.
 */
async function passwordSince(
  iam: Pick<IAMClient, "send">,
  c: UserCredentials,
): Promise<UserCredentials["password"]> {
  try {
    const { LoginProfile: profile } = await iam.send(new GetLoginProfileCommand({ UserName: c.userName }));
    if (!profile) return c.password;
    // A date the report shows is still a use; "never" is not known of the new password.
    const { lastUsed, ...rest } = c.password;
    return {
      ...rest,
      ...(typeof lastUsed === "string" ? { lastUsed } : {}),
      enabled: true,
      ...(profile.CreateDate ? { lastChanged: profile.CreateDate.toISOString() } : {}),
    };
  } catch (error) {
    if ((error as { name?: string }).name === "NoSuchEntityException") return c.password;
    throw error;
  }
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
