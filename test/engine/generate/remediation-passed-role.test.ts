import assert from "node:assert/strict";
import { test } from "node:test";
import type { ActivityItem } from "../../../core/engine/activity/types.js";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { holderDecision } from "../../helpers/holder-decision.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// A compliance pipeline sets a Config rule's automatic remediation: the SSM document runs as the
// role its AutomationAssumeRole parameter names, given as a static value
// (https://docs.aws.amazon.com/config/latest/APIReference/API_RemediationParameterValue.html), and
// the Service Authorization Reference lists iam:PassRole as a dependent action of
// config:PutRemediationConfigurations
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsconfig.html). With
// unobservable actions dropped, iam:PassRole is kept on the roles the calls were seen passing.
const REMEDIATION = `arn:aws:iam::${ACCOUNT}:role/ConfigRemediationAutomationRole`;
const OTHER = `arn:aws:iam::${ACCOUNT}:role/other`;

const pipeline = role("compliance-pipeline", {
  ...ownPolicy([
    { Effect: "Allow", Action: "config:PutRemediationConfigurations", Resource: "*" },
    { Effect: "Allow", Action: "iam:PassRole", Resource: [REMEDIATION, OTHER] },
  ]),
});

const put: ActivityItem = eventItem({
  eventSource: "config.amazonaws.com",
  eventName: "PutRemediationConfigurations",
  eventCategory: "Management",
  readOnly: false,
  userIdentity: roleSession(pipeline.arn, "compliance-pipeline"),
  requestParameters: {
    remediationConfigurations: [
      {
        configRuleName: "s3-bucket-server-side-encryption-enabled",
        targetType: "SSM_DOCUMENT",
        targetId: "AWS-EnableS3BucketEncryption",
        automatic: true,
        maximumAutomaticAttempts: 3,
        retryAttemptSeconds: 600,
        parameters: {
          BucketName: { resourceValue: { value: "RESOURCE_ID" } },
          AutomationAssumeRole: { staticValue: { values: [REMEDIATION] } },
        },
      },
    ],
  },
} as never);

test("a remediation's AutomationAssumeRole, given as a static value, keeps iam:PassRole on its role", async () => {
  const report = await auditOf(snapshotWith({ roles: [pipeline] }), [put], {
    generate: { unobservable: "drop" },
  });
  const rec = report.recommendations.find((r) => r.principalArn === pipeline.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  const documents = rec!.policies.map((p) => p.document);
  const text = JSON.stringify(documents);
  assert.equal(holderDecision(documents, { action: "iam:PassRole", resource: REMEDIATION }), "Allow", text);
  assert.equal(holderDecision(documents, { action: "iam:PassRole", resource: OTHER }), "ImplicitDeny", text);
});
