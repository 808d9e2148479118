import assert from "node:assert/strict";
import { test } from "node:test";
import { unusedUser } from "../../../core/engine/findings/unused-user.js";
import { readCredentialReport } from "../../../core/engine/snapshot/credential-report.js";
import { allowDoc, user } from "../../helpers/snapshot-fixture.js";
import { contextFor, snapshotAtNow } from "./context.js";

const HEADER =
  "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

// A user from 2013 (before IAM tracked password use: no_information is unknown) whose key,
// made in 2013, was never used. `enabled` is the password_enabled cell as the file holds it.
const findings = (enabled: string) => {
  const row = `ops,arn:aws:iam::123456789012:user/ops,2013-03-01T09:00:00+00:00,${enabled},no_information,2013-03-01T09:00:00+00:00,N/A,false,true,2013-03-01T09:05:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`;
  const report = readCredentialReport(`${HEADER}\n${row}\n`, "credential-report.csv");
  const u = user("ops", {
    createDate: "2013-03-01T09:00:00Z",
    inlinePolicies: [{ name: "p", document: allowDoc("ec2:DescribeInstances") }],
  });
  // Listed live besides: no SSH public key or service-specific credential, which the report leaves out.
  const listed = Object.fromEntries(
    Object.entries(report.credentials).map(([arn, c]) => [arn, { ...c, otherCredentials: [] }]),
  );
  return unusedUser.detect(contextFor(snapshotAtNow({ users: [u], credentials: listed })));
};

test("a password whose enabled flag cannot be read may be the user's credential: its use is unknown, not unused", () => {
  assert.equal(findings("false").length, 1, "no password, a never-used key: unused");
  assert.deepEqual(findings("true"), [], "a password whose use IAM does not know: unknown");
  // A report saved again by a spreadsheet writes TRUE; anything else unreadable is no proof either.
  assert.deepEqual(findings("TRUE"), []);
  assert.deepEqual(findings("yes"), []);
});
