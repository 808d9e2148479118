import assert from "node:assert/strict";
import { test } from "node:test";
import { unusedUser } from "../../../core/engine/findings/unused-user.js";
import { readCredentialReport } from "../../../core/engine/snapshot/credential-report.js";
import { allowDoc, user } from "../../helpers/snapshot-fixture.js";
import { contextFor, snapshotAtNow } from "./context.js";

// The credential report's own header (the CloudMapper demo report's), with its cert_N columns.
const HEADER =
  "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

// A user whose password was last used in 2025 and whose key, made in 2024, was never used.
const row = (cert1: string) =>
  `legacy,arn:aws:iam::123456789012:user/legacy,2024-01-10T09:00:00+00:00,true,2025-11-02T08:00:00+00:00,2024-01-10T09:00:00+00:00,N/A,false,true,2024-01-10T09:05:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,${cert1},false,N/A`;

const findings = (cert1: string) => {
  const report = readCredentialReport(`${HEADER}\n${row(cert1)}\n`, "credential-report.csv");
  const u = user("legacy", {
    createDate: "2024-01-10T09:00:00Z",
    inlinePolicies: [{ name: "p", document: allowDoc("ec2:DescribeInstances") }],
  });
  // Listed live besides: no SSH public key or service-specific credential, which the report leaves out.
  const listed = Object.fromEntries(
    Object.entries(report.credentials).map(([arn, c]) => [
      arn,
      { ...c, otherCredentials: [...(c.otherCredentials ?? [])] },
    ]),
  );
  return unusedUser.detect(contextFor(snapshotAtNow({ users: [u], credentials: listed })));
};

test("a user holding an active X.509 signing certificate is not called unused from its idle password and key", () => {
  // IAM records no last use of signing certificates: the report has cert_N_active, no date of use.
  assert.equal(findings("false,N/A").length, 1, "without a certificate: unused");
  assert.deepEqual(
    findings("true,2024-02-01T10:00:00+00:00"),
    [],
    "its certificate may sign calls every day: unknown",
  );
});

test("the credential report's active signing certificates are read as credentials without a recorded use", () => {
  const report = readCredentialReport(`${HEADER}\n${row("true,2024-02-01T10:00:00+00:00")}\n`);
  const c = report.credentials["arn:aws:iam::123456789012:user/legacy"];
  assert.deepEqual(
    c?.otherCredentials?.filter((o) => o.active).map((o) => o.kind),
    ["signing-certificate"],
  );
});
