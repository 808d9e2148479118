import assert from "node:assert/strict";
import { test } from "node:test";
import { appProposal, appRecord } from "../../helpers/app-role.js";
import { doc, input, principal } from "../../helpers/policies.js";

// S3's CreateBucket API reference, "Permissions" (general purpose buckets):
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html
//   "In addition to the s3:CreateBucket permission, the following permissions are required in a
//    policy when your CreateBucket request includes specific headers:
//    - Access control lists (ACLs) - ... if you specify an access control list (ACL) and set it to
//      public-read, public-read-write, authenticated-read, or if you explicitly specify any other
//      custom ACLs, both s3:CreateBucket and s3:PutBucketAcl permissions are required. ...
//    - Object Lock - ... if you set x-amz-bucket-object-lock-enabled to true, the
//      s3:PutBucketObjectLockConfiguration and s3:PutBucketVersioning permissions are required.
//    - S3 Object Ownership - If your CreateBucket request includes the x-amz-object-ownership
//      header, then the s3:PutBucketOwnershipControls permission is required."
// Each of those actions is classed a logged management event (createObservability), so under a
// management trail it is "observable"; the role below creates buckets with those headers. Each of those actions is a management event
// of its own that the role never called directly, so the generator treats it as observable and
// unused and removes it: the next identical CreateBucket is refused, though the recommendation
// says it covers everything observed.

const BUCKET = "arn:aws:s3:::reports-2026";

function recommendationFor(requestParameters: object) {
  const current = principal([input("inline", doc({ Effect: "Allow", Action: "s3:*", Resource: "*" }))]);
  return appProposal(current, [
    appRecord("s3", "CreateBucket", { bucketName: "reports-2026", ...requestParameters }),
  ]);
}

function decision(proposed: ReturnType<typeof recommendationFor>["proposed"], action: string) {
  return proposed.evaluate({ action, resource: BUCKET }).decision;
}

test("CreateBucket with Object Lock enabled keeps s3:PutBucketObjectLockConfiguration and s3:PutBucketVersioning", () => {
  const { proposed, recommendation } = recommendationFor({ "x-amz-bucket-object-lock-enabled": ["true"] });
  assert.equal(decision(proposed, "s3:CreateBucket"), "Allow");
  assert.equal(
    decision(proposed, "s3:PutBucketObjectLockConfiguration"),
    "Allow",
    `removed: ${recommendation.removedActions.includes("s3:PutBucketObjectLockConfiguration")}`,
  );
  assert.equal(decision(proposed, "s3:PutBucketVersioning"), "Allow");
});

test("CreateBucket with x-amz-object-ownership keeps s3:PutBucketOwnershipControls", () => {
  const { proposed } = recommendationFor({ "x-amz-object-ownership": ["BucketOwnerEnforced"] });
  assert.equal(decision(proposed, "s3:CreateBucket"), "Allow");
  assert.equal(decision(proposed, "s3:PutBucketOwnershipControls"), "Allow");
});

test("CreateBucket with a public-read canned ACL keeps s3:PutBucketAcl", () => {
  // ACLs are enabled (ObjectWriter), as a bucket taking a canned ACL other than private needs.
  const { proposed } = recommendationFor({
    "x-amz-acl": ["public-read"],
    "x-amz-object-ownership": ["ObjectWriter"],
  });
  assert.equal(decision(proposed, "s3:CreateBucket"), "Allow");
  assert.equal(decision(proposed, "s3:PutBucketAcl"), "Allow");
});
