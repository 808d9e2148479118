import assert from "node:assert/strict";
import { test } from "node:test";
import type { ActivityItem } from "../../../core/engine/activity/types.js";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { holderDecision } from "../../helpers/holder-decision.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// An operator's role starts a Config rule's remediation on the resources found noncompliant: the
// remediation runs as the role its configuration holds, and the Service Authorization Reference
// lists iam:PassRole as a dependent action of config:StartRemediationExecution
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsconfig.html). The
// record names the rule and the resources, not the role: iam:PassRole stays as granted today,
// also when unobservable actions are dropped.
const REMEDIATION = `arn:aws:iam::${ACCOUNT}:role/ConfigRemediationAutomationRole`;

const operator = role("operator", {
  ...ownPolicy([
    { Effect: "Allow", Action: "config:StartRemediationExecution", Resource: "*" },
    { Effect: "Allow", Action: "iam:PassRole", Resource: REMEDIATION },
  ]),
});

// https://docs.aws.amazon.com/config/latest/APIReference/API_StartRemediationExecution.html
const start: ActivityItem = eventItem({
  eventSource: "config.amazonaws.com",
  eventName: "StartRemediationExecution",
  eventCategory: "Management",
  readOnly: false,
  userIdentity: roleSession(operator.arn, "operator"),
  requestParameters: {
    configRuleName: "s3-bucket-server-side-encryption-enabled",
    resourceKeys: [{ resourceType: "AWS::S3::Bucket", resourceId: "reports" }],
  },
} as never);

for (const unobservable of ["keep", "drop"])
  test(`a started remediation keeps iam:PassRole on the roles granted today (unobservable: ${unobservable})`, async () => {
    const report = await auditOf(snapshotWith({ roles: [operator] }), [start], {
      generate: { unobservable },
    });
    const rec = report.recommendations.find((r) => r.principalArn === operator.arn);
    assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
    const documents = rec!.policies.map((p) => p.document);
    assert.equal(
      holderDecision(documents, { action: "iam:PassRole", resource: REMEDIATION }),
      "Allow",
      JSON.stringify(documents),
    );
  });
