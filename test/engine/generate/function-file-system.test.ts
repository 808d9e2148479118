import assert from "node:assert/strict";
import { test } from "node:test";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { holderDecision } from "../../helpers/holder-decision.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// "When you configure a file system, Lambda uses your permissions to verify mount targets. To
// configure a function to connect to a file system, your user needs the following permissions:
// elasticfilesystem:DescribeMountTargets"
// (https://docs.aws.amazon.com/lambda/latest/dg/configuration-filesystem.html). The trail records
// the Lambda call alone.
const FUNCTION = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:orders`;
const ACCESS_POINT = `arn:aws:elasticfilesystem:us-east-1:${ACCOUNT}:access-point/fsap-0123456789abcdef0`;
const FILE_SYSTEM = `arn:aws:elasticfilesystem:us-east-1:${ACCOUNT}:file-system/fs-0123456789abcdef0`;

async function documentsAfter(requestParameters: Record<string, unknown>) {
  const deployer = role("deployer", {
    ...ownPolicy([
      {
        Effect: "Allow",
        Action: ["lambda:UpdateFunctionConfiguration", "elasticfilesystem:DescribeMountTargets"],
        Resource: "*",
      },
    ]),
  });
  const report = await auditOf(snapshotWith({ roles: [deployer] }), [
    eventItem({
      eventSource: "lambda.amazonaws.com",
      eventName: "UpdateFunctionConfiguration20150331v2",
      userIdentity: roleSession(deployer.arn, "deployer"),
      requestParameters: { functionName: FUNCTION, ...requestParameters },
    }),
  ]);
  const rec = report.recommendations.find((r) => r.principalArn === deployer.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  return rec!.policies.map((p) => p.document);
}

const verifies = (documents: unknown[], resource: string) =>
  holderDecision(documents, { action: "elasticfilesystem:DescribeMountTargets", resource });

test("a deploy seen giving a function a file system keeps the mount target check its next update needs", async () => {
  const documents = await documentsAfter({
    fileSystemConfigs: [{ arn: ACCESS_POINT, localMountPath: "/mnt/orders" }],
  });
  // Which resource Lambda's check names is not documented: the grant keeps today's scope.
  for (const resource of [ACCESS_POINT, FILE_SYSTEM])
    assert.equal(
      verifies(documents, resource),
      "Allow",
      `the next update with the file system is refused on ${resource}: ${JSON.stringify(documents)}`,
    );
});

test("a function given no file system needs no mount target check", async () => {
  const documents = await documentsAfter({ fileSystemConfigs: [] });
  assert.notEqual(verifies(documents, FILE_SYSTEM), "Allow");
});
