import assert from "node:assert/strict";
import { test } from "node:test";
import { isUnauthenticated } from "../../../core/engine/activity/aggregate.js";
import { auditWith, eventItem } from "../../helpers/audit-fixture.js";
import { ACCOUNT, credentials, ownPolicy, snapshotWith, user } from "../../helpers/snapshot-fixture.js";

// EC2's AuthFailure family is returned once the caller is known, for what it may not do: "You may not
// be authorized to carry out the request; for example, associating an Elastic IP address that is not
// yours", and AuthFailure.ServiceLinkedRoleCreationNotPermitted ("the provided credentials do not
// have permission to create the service-linked role"). Such a record is the key at work.
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html
const KEY = "AKIAEC2KEY0000000000";
const ops = user("ops", {
  ...ownPolicy([{ Effect: "Allow", Action: "ec2:RunInstances", Resource: "*" }]),
});
const snapshot = snapshotWith({
  users: [ops],
  credentials: {
    [ops.arn]: credentials("ops", {
      accessKeys: [
        {
          id: KEY,
          slot: 1,
          status: "Active",
          created: "2024-01-01T00:00:00Z",
          lastUsed: "2025-06-01T00:00:00Z",
        },
      ],
    }),
  },
});

for (const errorCode of ["AccessDenied", "AuthFailure.ServiceLinkedRoleCreationNotPermitted"]) {
  test(`a key whose calls were refused with ${errorCode}, after authentication, is not unused`, async () => {
    const refused = eventItem({
      eventSource: "ec2.amazonaws.com",
      eventName: "RunInstances",
      recipientAccountId: ACCOUNT,
      errorCode,
      userIdentity: { type: "IAMUser", arn: ops.arn, accountId: ACCOUNT, userName: "ops", accessKeyId: KEY },
    });
    const report = await auditWith(snapshot, [refused], {});
    const unused = report.findings.filter(
      (f) => f.kind === "unused-access-key" && f.principalArn === ops.arn,
    );
    assert.equal(unused.length, 0, JSON.stringify(report.findings.map((f) => f.kind)));
  });
}

test("EC2's authorization refusals under AuthFailure are not unauthenticated", () => {
  assert.equal(isUnauthenticated("AuthFailure.ServiceLinkedRoleCreationNotPermitted"), false);
});
