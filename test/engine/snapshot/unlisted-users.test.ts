import assert from "node:assert/strict";
import { test } from "node:test";
import { readOfflineSnapshot } from "../../../core/engine/snapshot/offline.js";

const HEADER =
  "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";
const ARN = (name: string) => `arn:aws:iam::111122223333:user/${name}`;

const gaadUser = (name: string) => ({
  Path: "/",
  UserName: name,
  UserId: `AIDA${name.toUpperCase()}`,
  Arn: ARN(name),
  CreateDate: "2024-01-02T03:04:05Z",
  GroupList: [],
  AttachedManagedPolicies: [],
  UserPolicyList: [],
  Tags: [],
});

// A user the report leaves out (created after it, or its row cut from the file) had no MFA, key
// or password finding and no word said: the report read as though its credentials were checked.
test("a user of the authorization details without a row in the credential report is warned about", () => {
  const row = `ann,${ARN("ann")},2024-01-02T03:04:05+00:00,false,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`;
  const snapshot = readOfflineSnapshot({
    snapshot: {
      file: "gaad.json",
      text: JSON.stringify({ UserDetailList: [gaadUser("ann"), gaadUser("bob")] }),
    },
    credentialReport: { file: "report.csv", text: `${HEADER}\n${row}\n` },
    collectedAt: new Date("2026-01-01T00:00:00Z"),
  });
  const about = (arn: string) => snapshot.warnings.filter((w) => w.includes(arn));
  assert.equal(about(ARN("ann")).length, 0);
  assert.equal(about(ARN("bob")).length, 1, snapshot.warnings.join("\n"));
  assert.match(about(ARN("bob"))[0]!, /credential report has no row for/);
});
