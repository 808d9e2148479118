import assert from "node:assert/strict";
import { test } from "node:test";
import { auditWith, eventItem, listBucketsBy } from "../../helpers/audit-fixture.js";
import { basicSelector } from "../../helpers/event-selectors.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// A role an on-premises workload takes through IAM Roles Anywhere: CreateSession, signed with the
// workload's certificate, returns the role's credentials. Its own calls here are object reads, data
// events the trail does not log; it may also tag buckets, which it never did. CloudTrail records CreateSession; AWS's pages do not say that an
// STS AssumeRole of the role is recorded too.
// https://docs.aws.amazon.com/rolesanywhere/latest/userguide/authentication-create-session.html
const onPrem = role("on-prem-backup", {
  trustPolicy: {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "rolesanywhere.amazonaws.com" },
        Action: ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"],
      },
    ],
  },
  ...ownPolicy([{ Effect: "Allow", Action: ["s3:GetObject", "s3:PutBucketTagging"], Resource: "*" }]),
});

const createSession = (errorCode?: string) =>
  eventItem({
    eventSource: "rolesanywhere.amazonaws.com",
    eventName: "CreateSession",
    sourceIPAddress: "203.0.113.10",
    userIdentity: { type: "Unknown" },
    requestParameters: {
      roleArn: onPrem.arn,
      profileArn: `arn:aws:rolesanywhere:us-east-1:${ACCOUNT}:profile/p`,
      trustAnchorArn: `arn:aws:rolesanywhere:us-east-1:${ACCOUNT}:trust-anchor/t`,
    },
    ...(errorCode ? { errorCode } : {}),
  });

async function verdict(items: Parameters<typeof auditWith>[1]) {
  const report = await auditWith(snapshotWith({ roles: [onPrem] }), [listBucketsBy("app"), ...items], {
    logging: [basicSelector("All")],
  });
  return {
    usage: report.principals.find((p) => p.arn === onPrem.arn)?.usage,
    unusedRole: report.findings.some((f) => f.kind === "unused-role" && f.principalArn === onPrem.arn),
  };
}

test("a role the trail shows handed out by Roles Anywhere's CreateSession is used, not unused", async () => {
  assert.deepEqual(await verdict([createSession()]), { usage: "used", unusedRole: false });
});

test("without the CreateSession, the same trail shows the role unused; a refused one hands out no session", async () => {
  assert.deepEqual(await verdict([]), { usage: "unused", unusedRole: true });
  assert.notEqual((await verdict([createSession("AccessDeniedException")])).usage, "used");
});
