import assert from "node:assert/strict";
import { test } from "node:test";
import { auditOf, eventItem } from "../../helpers/audit-fixture.js";
import { input, principal } from "../../helpers/policies.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// The isolated partitions' regions (us-iso-east-1 in aws-iso, us-isob-east-1 in aws-iso-b,
// eu-isoe-west-1 in aws-iso-e) name their resources arn:aws-iso..., as the AWS SDK's partition
// table says (@aws-sdk/util-endpoints partitions.json: regionRegex ^us\-iso\-\w+\-\d+$ for aws-iso).
// A resource named arn:aws:... there is no resource of the account: a policy granting only it
// allows nothing.
for (const [partition, region] of [
  ["aws-iso", "us-iso-east-1"],
  ["aws-iso-b", "us-isob-east-1"],
] as const) {
  test(`a role creating roles in ${region} keeps iam:CreateRole on the ${partition} role it created`, async () => {
    const ops = role("ops", { ...ownPolicy([{ Effect: "Allow", Action: "iam:CreateRole", Resource: "*" }]) });
    ops.arn = ops.arn.replace("arn:aws:", `arn:${partition}:`);
    const created = eventItem({
      eventSource: "iam.amazonaws.com",
      eventName: "CreateRole",
      awsRegion: region,
      recipientAccountId: ACCOUNT,
      userIdentity: {
        type: "AssumedRole",
        arn: `arn:${partition}:sts::${ACCOUNT}:assumed-role/ops/s`,
        accountId: ACCOUNT,
        sessionContext: { sessionIssuer: { type: "Role", arn: ops.arn } },
      },
      requestParameters: { roleName: "app" },
    });
    const report = await auditOf(snapshotWith({ roles: [ops] }), [created]);
    const rec = report.recommendations.find((r) => r.principalArn === ops.arn);
    const applied = principal((rec?.policies ?? []).map((p) => input(p.name, p.document)));
    const request = { action: "iam:CreateRole", resource: `arn:${partition}:iam::${ACCOUNT}:role/app` };
    assert.equal(applied.evaluate(request).decision, "Allow", JSON.stringify(rec?.policies));
  });
}
