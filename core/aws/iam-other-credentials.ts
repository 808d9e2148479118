import {
  type IAMClient,
  ListServiceSpecificCredentialsCommand,
  ListSSHPublicKeysCommand,
} from "@aws-sdk/client-iam";
import type { UserCredentials } from "../engine/snapshot/model.js";
import { completeEachUser } from "./each-user.js";
import { describeAwsError, isNotImplemented } from "./iam-errors.js";
import { pageTokens } from "./page-tokens.js";

type OtherCredential = NonNullable<UserCredentials["otherCredentials"]>[number];

/**
 * Each user's SSH public keys and service-specific credentials: a user that pushes to CodeCommit
 * over SSH, or calls Keyspaces or Bedrock with such a credential, uses neither its password nor an
 * access key, so without these it would look unused. A user whose listing fails keeps no field
 * (unknown), and the failures are summed up in one warning rather than one per user. An endpoint
 * that does not implement the service-specific listing (moto) is asked once, and said so.
 */
export async function listOtherCredentials(
  iam: Pick<IAMClient, "send">,
  credentials: Record<string, UserCredentials>,
  concurrency: number,
): Promise<{ credentials: Record<string, UserCredentials>; warnings: string[] }> {
  const failed: string[] = [];
  let firstError = "";
  const serviceSpecific = { listable: true };
  const listed = await completeEachUser(
    credentials,
    concurrency,
    async (c) => {
      const ssh = await sshPublicKeys(iam, c.userName);
      const other = serviceSpecific.listable
        ? await serviceCredentials(iam, c.userName, serviceSpecific)
        : [];
      // The credential report's signing certificates stay beside what is listed here.
      const certificates = (c.otherCredentials ?? []).filter((o) => o.kind === "signing-certificate");
      return { ...c, otherCredentials: [...certificates, ...ssh, ...other] };
    },
    (c, error) => {
      failed.push(c.userArn);
      firstError ||= describeAwsError(error);
    },
  );
  const warnings: string[] = [];
  if (!serviceSpecific.listable)
    warnings.push(
      "service-specific credentials are unavailable: the endpoint does not implement ListServiceSpecificCredentials; users' use through them is unknown",
    );
  if (failed.length > 0)
    warnings.push(
      `could not list the SSH public keys or service-specific credentials of ${failed.length} user(s), first ${failed[0]}: ${firstError}; their use through them is unknown`,
    );
  return { credentials: listed, warnings };
}

async function sshPublicKeys(iam: Pick<IAMClient, "send">, userName: string): Promise<OtherCredential[]> {
  const found: OtherCredential[] = [];
  const nextKeys = pageTokens("ListSSHPublicKeys");
  let marker: string | undefined;
  do {
    const page = await iam.send(new ListSSHPublicKeysCommand({ UserName: userName, Marker: marker }));
    marker = nextKeys(page.IsTruncated ? page.Marker : undefined, page.IsTruncated);
    for (const key of page.SSHPublicKeys ?? [])
      if (key.SSHPublicKeyId)
        found.push({ kind: "ssh-public-key", id: key.SSHPublicKeyId, active: key.Status === "Active" });
  } while (marker);
  return found;
}

async function serviceCredentials(
  iam: Pick<IAMClient, "send">,
  userName: string,
  state: { listable: boolean },
): Promise<OtherCredential[]> {
  const found: OtherCredential[] = [];
  const nextCredentials = pageTokens("ListServiceSpecificCredentials");
  let marker: string | undefined;
  do {
    let page: Awaited<ReturnType<typeof list>>;
    try {
      page = await list(iam, userName, marker);
    } catch (error) {
      if (!isNotImplemented(error)) throw error;
      state.listable = false;
      return found;
    }
    for (const c of page.ServiceSpecificCredentials ?? [])
      if (c.ServiceSpecificCredentialId)
        found.push({
          kind: "service-specific",
          id: c.ServiceSpecificCredentialId,
          active: c.Status === "Active",
          ...(c.ServiceName ? { service: c.ServiceName } : {}),
        });
    marker = nextCredentials(page.IsTruncated ? page.Marker : undefined, page.IsTruncated);
  } while (marker);
  return found;
}

const list = (iam: Pick<IAMClient, "send">, userName: string, marker: string | undefined) =>
  iam.send(new ListServiceSpecificCredentialsCommand({ UserName: userName, Marker: marker }));
