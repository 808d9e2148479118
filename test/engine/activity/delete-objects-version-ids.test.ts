import assert from "node:assert/strict";
import { test } from "node:test";
import { appProposal, appRecord } from "../../helpers/app-role.js";
import { doc, input, principal } from "../../helpers/policies.js";

// S3 API reference, DeleteObjects, "Permissions" (general purpose buckets):
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html
//   "s3:DeleteObject - To delete an object from a bucket, you must always specify the
//    s3:DeleteObject permission.
//    s3:DeleteObjectVersion - To delete a specific version of an object from a versioning-enabled
//    bucket, you must specify the s3:DeleteObjectVersion permission."
// The keys and version ids of a batch delete travel in the request body, which the record does not
// hold (nor does the engine read them): the event maps to s3:DeleteObject alone. Under a trail that
// logs the bucket's data events (every action observable, as appRecommendation assumes),
// s3:DeleteObjectVersion, never seen as an event of its own, is removed as verified-unused, and a
// job purging old versions with DeleteObjects (`aws s3api delete-objects` with VersionId, the SDKs'
// "empty a versioned bucket") is refused from then on. A call the record cannot fully show must keep
// what it may need where it is granted today (as CopyObject's tag copy is inferred).

const BUCKET = "arn:aws:s3:::archive";

test("a DeleteObjects call keeps s3:DeleteObjectVersion where it is granted today", () => {
  const current = principal([
    input("inline", doc({ Effect: "Allow", Action: "s3:*", Resource: [BUCKET, `${BUCKET}/*`] })),
  ]);
  const { recommendation, proposed } = appProposal(current, [
    appRecord(
      "s3",
      "DeleteObjects",
      { bucketName: "archive", Host: "archive.s3.eu-west-1.amazonaws.com", delete: "" },
      { eventType: "AwsApiCall", resources: [{ type: "AWS::S3::Bucket", ARN: BUCKET }] },
    ),
  ]);
  const object = `${BUCKET}/2024/report.csv`;
  assert.equal(proposed.evaluate({ action: "s3:DeleteObject", resource: object }).decision, "Allow");
  assert.equal(
    proposed.evaluate({ action: "s3:DeleteObjectVersion", resource: object }).decision,
    "Allow",
    `removed as unused: ${recommendation.removedActions.includes("s3:DeleteObjectVersion")}`,
  );
});
