import assert from "node:assert/strict";
import { test } from "node:test";
import type { Report } from "../../../core/engine/report/schema.js";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

const REPOSITORY = `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/web`;
const OTHER_REPOSITORY = `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/batch`;

/** An ECR call on repository `web` by a session of `roleArn`, as CloudTrail records it. */
const ecrCall = (roleArn: string, eventName: string, requestParameters: object = {}) =>
  eventItem({
    eventSource: "ecr.amazonaws.com",
    eventName,
    recipientAccountId: ACCOUNT,
    userIdentity: roleSession(roleArn, "node"),
    requestParameters: { registryId: ACCOUNT, repositoryName: "web", ...requestParameters },
    resources: [{ ARN: REPOSITORY, accountId: ACCOUNT }],
  } as never);

const granted = (report: Report, arn: string) => {
  const rec = report.recommendations.find((r) => r.principalArn === arn);
  assert.ok(rec, "a recommendation is made");
  const statements = rec.policies.flatMap((p) => p.document.Statement);
  const on = (action: string) =>
    statements.filter((s) => s.Action?.includes(action)).flatMap((s) => s.Resource ?? []);
  return { rec, on };
};

// A host pulling an image whose layers it already holds fetches the manifest alone (BatchGetImage):
// GetDownloadUrlForLayer is called only for the layers it lacks, so the next image version's new
// layers need it though the window never recorded it.
// https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_GetDownloadUrlForLayer.html
test("a pull seen fetching only manifests keeps ecr:GetDownloadUrlForLayer on the repository pulled from", async () => {
  const node = role(
    "node",
    ownPolicy([
      { Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
      {
        Effect: "Allow",
        Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
        Resource: [REPOSITORY, OTHER_REPOSITORY],
      },
    ]),
  );
  const report = await auditOf(snapshotWith({ roles: [node] }), [
    ecrCall(node.arn, "GetAuthorizationToken", { registryIds: [ACCOUNT] }),
    ecrCall(node.arn, "BatchGetImage", { imageIds: [{ imageTag: "latest" }] }),
  ]);
  const { rec, on } = granted(report, node.arn);
  assert.deepEqual(on("ecr:GetDownloadUrlForLayer"), [REPOSITORY], JSON.stringify(rec.policies));
  assert.ok(rec.inferredActions.includes("ecr:GetDownloadUrlForLayer"), JSON.stringify(rec.inferredActions));
  assert.ok(!rec.removedActions.includes("ecr:GetDownloadUrlForLayer"));
});

// A push checks each layer first (BatchCheckLayerAvailability) and uploads only the missing ones: a
// push of an image whose layers the repository holds (a retag, a rebuild on cached layers) records
// PutImage alone, and the next push with a new layer needs the three upload calls.
// https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_InitiateLayerUpload.html
test("a push seen uploading no layer keeps the layer upload actions on the repository pushed to", async () => {
  const upload = ["ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload"];
  const ci = role(
    "ci",
    ownPolicy([
      {
        Effect: "Allow",
        Action: ["ecr:BatchCheckLayerAvailability", "ecr:PutImage", ...upload],
        Resource: [REPOSITORY, OTHER_REPOSITORY],
      },
    ]),
  );
  const report = await auditOf(snapshotWith({ roles: [ci] }), [
    ecrCall(ci.arn, "BatchCheckLayerAvailability", { layerDigests: ["sha256:aa"] }),
    ecrCall(ci.arn, "PutImage", { imageTag: "v2", imageManifestMediaType: "application/json" }),
  ]);
  const { rec, on } = granted(report, ci.arn);
  for (const action of upload) {
    assert.deepEqual(on(action), [REPOSITORY], `${action}: ${JSON.stringify(rec.policies)}`);
    assert.ok(rec.inferredActions.includes(action), action);
  }
});

test("what a pull or push may need is kept only where granted today, never added", async () => {
  const reader = role(
    "reader",
    ownPolicy([{ Effect: "Allow", Action: ["ecr:BatchGetImage", "ecr:PutImage"], Resource: REPOSITORY }]),
  );
  const report = await auditOf(snapshotWith({ roles: [reader] }), [
    ecrCall(reader.arn, "BatchGetImage", { imageIds: [{ imageTag: "latest" }] }),
    ecrCall(reader.arn, "PutImage", { imageTag: "v2" }),
  ]);
  const { rec } = granted(report, reader.arn);
  const text = JSON.stringify(rec.policies.map((p) => p.document));
  assert.doesNotMatch(text, /GetDownloadUrlForLayer|LayerUpload|UploadLayerPart/);
  assert.deepEqual(rec.notAllowed, []);
});
