import assert from "node:assert/strict";
import { test } from "node:test";
import type { CloudTrailEvent } from "../../../core/engine/activity/types.js";
import { appProposal, appRecord } from "../../helpers/app-role.js";
import { doc, input, principal } from "../../helpers/policies.js";

// An S3 object key may hold `*` and `?`, which a policy's Resource reads as wildcards; IAM's
// escapes `${*}` and `${?}` write them as characters.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-specialchars
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html

/** A GetObject as S3 data events record it: the key in the parameters, the object ARN in resources[]. */
function getObject(bucket: string, key: string): CloudTrailEvent {
  return appRecord(
    "s3",
    "GetObject",
    { bucketName: bucket, Host: `${bucket}.s3.eu-west-1.amazonaws.com`, key },
    {
      resources: [
        { type: "AWS::S3::Object", ARN: `arn:aws:s3:::${bucket}/${key}` },
        { type: "AWS::S3::Bucket", ARN: `arn:aws:s3:::${bucket}` },
      ],
    } as Partial<CloudTrailEvent>,
  );
}

const everyBucket = principal([
  input(
    "inline",
    doc({ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "arn:aws:s3:::*" }),
  ),
]);

const decide = (proposed: ReturnType<typeof appProposal>["proposed"], action: string, object: string) =>
  proposed.evaluate({ action, resource: `arn:aws:s3:::${object}` }).decision;

test("an object whose key is * or holds ? is granted alone, not every key the wildcard would match", () => {
  const { recommendation, proposed } = appProposal(everyBucket, [
    getObject("data", "*"),
    getObject("data", "reports/?.csv"),
    getObject("data", "cost$*"),
  ]);
  assert.deepEqual(recommendation.checks, { withinCurrent: true, coversObserved: true });
  // The objects read stay readable.
  for (const key of ["*", "reports/?.csv", "cost$*"])
    assert.equal(decide(proposed, "s3:GetObject", `data/${key}`), "Allow", key);
  // No other object of the bucket: the key `*` is no `data/*`, `?` no single character.
  for (const key of ["payroll.csv", "reports/x.csv", "cost$2026"])
    assert.equal(decide(proposed, "s3:GetObject", `data/${key}`), "ImplicitDeny", key);
});

test("a copy whose source key holds * reads that source alone", () => {
  const { recommendation, proposed } = appProposal(everyBucket, [
    appRecord("s3", "CopyObject", {
      bucketName: "archive",
      key: "copy.csv",
      "x-amz-copy-source": "data/exports/*.csv",
    }),
  ]);
  assert.deepEqual(recommendation.checks, { withinCurrent: true, coversObserved: true });
  assert.equal(decide(proposed, "s3:GetObject", "data/exports/*.csv"), "Allow");
  assert.equal(decide(proposed, "s3:GetObject", "data/exports/payroll.csv"), "ImplicitDeny");
});

test("objects with ? in their names under a folder holding $ are granted under that folder as named", () => {
  // More keys than a statement names one by one (maxResourcesPerAction, 10), so they are folded
  // into their folder: `$tmp` and `${run}` are folder names, not variables.
  for (const folder of ["$tmp", "${run}"]) {
    const keys = Array.from({ length: 12 }, (_, i) => `in/${folder}/part?${i}.csv`);
    const { recommendation, proposed } = appProposal(
      everyBucket,
      keys.map((key) => getObject("data", key)),
    );
    assert.deepEqual(recommendation.checks, { withinCurrent: true, coversObserved: true }, folder);
    for (const key of keys) assert.equal(decide(proposed, "s3:GetObject", `data/${key}`), "Allow", key);
    assert.equal(decide(proposed, "s3:GetObject", "data/in/other/part?0.csv"), "ImplicitDeny", folder);
  }
});
