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
 * keys' ids come from ListAccessKeys, and where the report has no last-use date the key's own
 * GetAccessKeyLastUsed answers. MFA device serials come from ListMFADevices.
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
  let accessKeys = c.accessKeys;
  if (c.accessKeys.length > 0) {
    const listed = await iam.send(new ListAccessKeysCommand({ UserName: c.userName }));
    const metadata = [...(listed.AccessKeyMetadata ?? [])].sort(
      (a, b) => (a.CreateDate?.getTime() ?? 0) - (b.CreateDate?.getTime() ?? 0),
    );
    accessKeys = await Promise.all(
      metadata.map(async (m, index) => {
        const fromReport = c.accessKeys.find((k) => k.slot === index + 1);
        const key: AccessKey = {
          ...fromReport,
          ...(m.AccessKeyId ? { id: m.AccessKeyId } : {}),
          status: m.Status === "Inactive" ? "Inactive" : "Active",
          ...(m.CreateDate ? { created: m.CreateDate.toISOString() } : {}),
        };
        return typeof key.lastUsed === "string" || !m.AccessKeyId
          ? key
          : withLastUse(iam, key, m.AccessKeyId);
      }),
    );
  }
  const devices = c.mfa.active ? await mfaSerials(iam, c.userName) : undefined;
  return { ...c, accessKeys, mfa: { ...c.mfa, ...(devices ? { devices } : {}) } };
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
