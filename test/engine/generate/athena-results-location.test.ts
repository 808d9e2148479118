import assert from "node:assert/strict";
import { test } from "node:test";
import type { ActivityItem } from "../../../core/engine/activity/types.js";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { holderDecision } from "../../helpers/holder-decision.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// An analyst's role: Athena in its workgroup, the data it queries, and the results bucket with
// the S3 actions AmazonAthenaFullAccess grants on Athena's results (BaseQueryResultsPermissions).
const REGION = "us-east-1";
const RESULTS = "arn:aws:s3:::athena-results";
const RESULT_ACTIONS = [
  "s3:GetBucketLocation",
  "s3:GetObject",
  "s3:ListBucket",
  "s3:ListBucketMultipartUploads",
  "s3:ListMultipartUploadParts",
  "s3:AbortMultipartUpload",
  "s3:PutObject",
];
const analyst = role("analyst", {
  ...ownPolicy([
    {
      Effect: "Allow",
      Action: ["athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults"],
      Resource: `arn:aws:athena:${REGION}:${ACCOUNT}:workgroup/analysts`,
    },
    { Effect: "Allow", Action: RESULT_ACTIONS, Resource: [RESULTS, `${RESULTS}/*`] },
    { Effect: "Allow", Action: "s3:*", Resource: ["arn:aws:s3:::sales", "arn:aws:s3:::sales/*"] },
  ]),
});

const call = (
  service: string,
  eventName: string,
  requestParameters: object,
  resources: string[] = [],
  invokedBy?: string,
): ActivityItem =>
  eventItem({
    eventSource: `${service}.amazonaws.com`,
    eventName,
    eventCategory: service === "s3" ? "Data" : "Management",
    readOnly: /^(Get|List|Head)/.test(eventName),
    awsRegion: REGION,
    recipientAccountId: ACCOUNT,
    ...(invokedBy ? { sourceIPAddress: invokedBy } : {}),
    userIdentity: { ...roleSession(analyst.arn, "analyst"), ...(invokedBy ? { invokedBy } : {}) },
    requestParameters,
    resources: resources.map((ARN) => ({ ARN })),
  } as never);

// Two queries: each started and read back by the analyst, its data read and its results written
// and read by Athena with the analyst's credentials (the workgroup chose the results location).
const query = (id: string): ActivityItem[] => [
  call("athena", "StartQueryExecution", { queryString: "SELECT 1", workGroup: "analysts" }),
  call(
    "s3",
    "GetObject",
    { bucketName: "sales", key: "2026/05/part-0.parquet" },
    ["arn:aws:s3:::sales/2026/05/part-0.parquet", "arn:aws:s3:::sales"],
    "athena.amazonaws.com",
  ),
  call(
    "s3",
    "PutObject",
    { bucketName: "athena-results", key: `analysts/${id}.csv` },
    [`${RESULTS}/analysts/${id}.csv`, RESULTS],
    "athena.amazonaws.com",
  ),
  call(
    "s3",
    "GetObject",
    { bucketName: "athena-results", key: `analysts/${id}.csv` },
    [`${RESULTS}/analysts/${id}.csv`, RESULTS],
    "athena.amazonaws.com",
  ),
  call("athena", "GetQueryResults", { queryExecutionId: id }),
];

test("an Athena user keeps the results location's multipart and listing actions Athena uses with its credentials", async () => {
  const report = await auditOf(snapshotWith({ roles: [analyst] }), [...query("q1"), ...query("q2")], {
    activity: { loggedDataEvents: ["AWS::S3::Object"] },
  });
  const rec = report.recommendations.find((r) => r.principalArn === analyst.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  const documents = rec!.policies.map((p) => p.document);
  const text = JSON.stringify(documents);
  // The next query's result: a large one is uploaded in parts, which Athena lists and aborts.
  const next = `${RESULTS}/analysts/q3.csv`;
  for (const action of ["s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"])
    assert.equal(holderDecision(documents, { action, resource: next }), "Allow", `${action}: ${text}`);
  for (const action of ["s3:ListBucketMultipartUploads", "s3:GetBucketLocation", "s3:ListBucket"])
    assert.equal(holderDecision(documents, { action, resource: RESULTS }), "Allow", `${action}: ${text}`);
  for (const action of [
    "s3:AbortMultipartUpload",
    "s3:ListMultipartUploadParts",
    "s3:ListBucketMultipartUploads",
  ])
    assert.ok(rec!.inferredActions.includes(action), action);
  // Only on the location Athena wrote to: the data bucket, granted s3:*, gets none of them.
  for (const action of ["s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"])
    assert.equal(
      holderDecision(documents, { action, resource: "arn:aws:s3:::sales/2026/05/part-0.parquet" }),
      "ImplicitDeny",
      `${action} not on the data: ${text}`,
    );
  assert.equal(
    holderDecision(documents, { action: "s3:ListBucketMultipartUploads", resource: "arn:aws:s3:::sales" }),
    "ImplicitDeny",
    text,
  );
});
