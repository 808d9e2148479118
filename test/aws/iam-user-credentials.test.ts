import assert from "node:assert/strict";
import { test } from "node:test";
import {
  GetAccessKeyLastUsedCommand,
  GetLoginProfileCommand,
  type IAMClient,
  ListAccessKeysCommand,
  ListMFADevicesCommand,
} from "@aws-sdk/client-iam";
import { completeUserCredentials } from "../../core/aws/iam-user-credentials.js";
import { readCredentialReport } from "../../core/engine/snapshot/credential-report.js";

const HEADER =
  "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

// The report, generated up to four hours before the keys are listed, shows keys A (idle since
// 2026-02) and B (used an hour before it). Since then A was deleted and C created: a rotation.
const REPORT = `${HEADER}
ci,arn:aws:iam::123456789012:user/ci,2025-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,true,2025-01-01T10:00:00+00:00,2026-02-01T08:00:00+00:00,us-east-1,s3,true,2025-03-01T10:00:00+00:00,2026-12-04T23:00:00+00:00,eu-west-1,sqs,false,N/A,false,N/A
`;

function listing(lastUsedAsked: string[]): Pick<IAMClient, "send"> {
  return {
    send: (async (command: unknown) => {
      if (command instanceof ListAccessKeysCommand)
        return {
          AccessKeyMetadata: [
            {
              AccessKeyId: "AKIAEXAMPLEKEYBBBBBB",
              Status: "Active",
              CreateDate: new Date("2025-03-01T10:00:00Z"),
            },
            {
              AccessKeyId: "AKIAEXAMPLEKEYCCCCCC",
              Status: "Active",
              CreateDate: new Date("2026-12-05T01:00:00Z"),
            },
          ],
        };
      if (command instanceof GetAccessKeyLastUsedCommand) {
        lastUsedAsked.push(command.input.AccessKeyId ?? "");
        return { AccessKeyLastUsed: { ServiceName: "N/A", Region: "N/A" } };
      }
      if (command instanceof ListMFADevicesCommand) return { MFADevices: [] };
      if (command instanceof GetLoginProfileCommand)
        throw Object.assign(new Error("no login profile"), { name: "NoSuchEntityException" });
      throw new Error("unexpected command");
    }) as IAMClient["send"],
  };
}

test("a key listed live takes the report's last use of the key created at the same time, never another slot's", async () => {
  const asked: string[] = [];
  const { credentials } = readCredentialReport(REPORT, "credential report");
  const completed = await completeUserCredentials(listing(asked), credentials, 1);
  const keys = completed.credentials["arn:aws:iam::123456789012:user/ci"]?.accessKeys ?? [];
  const b = keys.find((k) => k.id === "AKIAEXAMPLEKEYBBBBBB");
  assert.equal(b?.lastUsed, "2026-12-04T23:00:00.000Z", "B's own use, not A's idle date");
  assert.equal(b?.lastUsedService, "sqs");
  const c = keys.find((k) => k.id === "AKIAEXAMPLEKEYCCCCCC");
  assert.equal(c?.created, "2026-12-05T01:00:00.000Z");
  assert.equal(c?.lastUsed, null, "the report does not know C: IAM is asked");
  assert.deepEqual(asked, ["AKIAEXAMPLEKEYCCCCCC"]);
});

test("a key made after the report was generated is listed too, though the report shows the user without keys", async () => {
  const noKeys = `${HEADER}
ci,arn:aws:iam::123456789012:user/ci,2025-01-01T00:00:00+00:00,true,2026-01-01T08:00:00+00:00,2025-01-01T00:00:00+00:00,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
`;
  const asked: string[] = [];
  const { credentials } = readCredentialReport(noKeys, "credential report");
  const completed = await completeUserCredentials(listing(asked), credentials, 1);
  const keys = completed.credentials["arn:aws:iam::123456789012:user/ci"]?.accessKeys ?? [];
  assert.deepEqual(
    keys.map((k) => [k.id, k.created]),
    [
      ["AKIAEXAMPLEKEYBBBBBB", "2025-03-01T10:00:00.000Z"],
      ["AKIAEXAMPLEKEYCCCCCC", "2026-12-05T01:00:00.000Z"],
    ],
  );
});

test("a console password given since the report was generated leaves the user's password use unknown", async () => {
  const noPassword = `${HEADER}
ops,arn:aws:iam::123456789012:user/ops,2025-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A
`;
  const client = (profile: boolean): Pick<IAMClient, "send"> => ({
    send: (async (command: unknown) => {
      if (command instanceof ListAccessKeysCommand) return { AccessKeyMetadata: [] };
      if (command instanceof GetLoginProfileCommand) {
        if (profile)
          return { LoginProfile: { UserName: "ops", CreateDate: new Date("2026-12-05T01:00:00Z") } };
        throw Object.assign(new Error("Login Profile for User ops cannot be found."), {
          name: "NoSuchEntityException",
        });
      }
      throw new Error("unexpected command");
    }) as IAMClient["send"],
  });
  const password = async (profile: boolean) => {
    const { credentials } = readCredentialReport(noPassword, "credential report");
    const completed = await completeUserCredentials(client(profile), credentials, 1);
    assert.deepEqual(completed.warnings, []);
    return completed.credentials["arn:aws:iam::123456789012:user/ops"]?.password;
  };
  assert.deepEqual(await password(false), { enabled: false });
  assert.deepEqual(await password(true), { enabled: true, lastChanged: "2026-12-05T01:00:00.000Z" });
});
