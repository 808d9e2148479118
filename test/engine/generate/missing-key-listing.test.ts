import assert from "node:assert/strict";
import { test } from "node:test";
import { appProposal, appRecord } from "../../helpers/app-role.js";
import { doc, input, principal } from "../../helpers/policies.js";

// "If the object you request doesn't exist, the error that Amazon S3 returns depends on whether you
// also have the s3:ListBucket permission": 404 with it, 403 Access Denied without.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html (Permissions)
const BUCKET = "arn:aws:s3:::cache";
const listing = { action: "s3:ListBucket", resource: BUCKET };

/** A read of `cache/<key>` by the `app` role (every action observable, as under a trail of S3 object events). */
function read(name: string, key: string, errorCode?: string) {
  return appRecord(
    "s3",
    name,
    { bucketName: "cache", key },
    {
      resources: [{ type: "AWS::S3::Object", ARN: `${BUCKET}/${key}` }],
      ...(errorCode ? { errorCode, errorMessage: "The specified key does not exist." } : {}),
    },
  );
}

const reader = (...grants: object[]) =>
  principal([
    input("inline", doc({ Effect: "Allow", Action: "s3:GetObject", Resource: `${BUCKET}/*` }, ...grants)),
  ]);
const LIST = { Effect: "Allow", Action: "s3:ListBucket", Resource: BUCKET };

test("a read answered NoSuchKey keeps s3:ListBucket, which made S3 answer 404 rather than 403", () => {
  for (const name of ["GetObject", "HeadObject"]) {
    const current = reader(LIST);
    const { recommendation, proposed } = appProposal(current, [
      read(name, "hit.json"),
      read(name, "miss.json", "NoSuchKey"),
    ]);
    assert.deepEqual(recommendation.checks, { withinCurrent: true, coversObserved: true });
    assert.equal(
      proposed.evaluate(listing).decision,
      "Allow",
      `${name}: the next missing key would be answered 403 Access Denied instead of NoSuchKey`,
    );
  }
});

test("without a NoSuchKey answer an unused s3:ListBucket is still removed", () => {
  const { proposed } = appProposal(reader(LIST), [read("GetObject", "hit.json")]);
  assert.equal(proposed.evaluate(listing).decision, "ImplicitDeny");
});

test("a NoSuchKey answer never adds s3:ListBucket to a reader not granted it today", () => {
  // A bucket policy may be what grants the listing: the role's own policies are left without it.
  const { recommendation, proposed } = appProposal(reader(), [
    read("GetObject", "hit.json"),
    read("GetObject", "miss.json", "NoSuchKey"),
  ]);
  assert.equal(recommendation.checks.withinCurrent, true);
  assert.equal(proposed.evaluate(listing).decision, "ImplicitDeny");
});
