import assert from "node:assert/strict";
import { test } from "node:test";
import type { CloudTrailEvent } from "../../../core/engine/activity/types.js";
import { ACCOUNT, appProposal, appRecord } from "../../helpers/app-role.js";
import { doc, input, principal } from "../../helpers/policies.js";

// A request through a Multi-Region Access Point is directed to the bucket S3 finds closest, "regardless
// of the AWS Region it is located in", and then processed "as if you made it directly to that bucket"
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiRegionAccessPointRequestRouting.html);
// failover controls shift the traffic to another Region's bucket
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiRegionAccessPoints.html). Its record
// names the bucket one request was relayed to, under the Multi-Region Access Point's hostname
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiRegionAccessPointMonitoring.html).
const MRAP_HOST = "mfzwi23gnjvgw.mrap.accesspoint.s3-global.amazonaws.com";

function getObject(bucket: string, host: string): CloudTrailEvent {
  return appRecord("s3", "GetObject", { bucketName: bucket, Host: host, key: "my-image.jpg" }, {
    awsRegion: "ap-south-1",
    resources: [
      { type: "AWS::S3::Object", ARN: `arn:aws:s3:::${bucket}/my-image.jpg` },
      { type: "AWS::S3::Bucket", ARN: `arn:aws:s3:::${bucket}` },
    ],
  } as Partial<CloudTrailEvent>);
}

const reader = principal([input("inline", doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }))]);

test("an object read through a Multi-Region Access Point stays readable in the other Regions' buckets", () => {
  const { recommendation, proposed } = appProposal(reader, [getObject("my-bucket-aps1", MRAP_HOST)]);
  assert.deepEqual(recommendation.checks, { withinCurrent: true, coversObserved: true });
  const text = JSON.stringify(recommendation.policies.map((p) => p.document));
  const decide = (resource: string) => proposed.evaluate({ action: "s3:GetObject", resource }).decision;
  for (const resource of [
    "arn:aws:s3:::my-bucket-aps1/my-image.jpg",
    "arn:aws:s3:::my-bucket-usw2/my-image.jpg",
    `arn:aws:s3::${ACCOUNT}:accesspoint/mfzwi23gnjvgw.mrap/object/my-image.jpg`,
  ])
    assert.equal(
      decide(resource),
      "Allow",
      `the next read, relayed elsewhere, is refused: ${resource} ${text}`,
    );
});

test("an object read from its bucket directly keeps that object alone", () => {
  const { proposed } = appProposal(reader, [
    getObject("my-bucket-aps1", "my-bucket-aps1.s3.ap-south-1.amazonaws.com"),
  ]);
  const decide = (resource: string) => proposed.evaluate({ action: "s3:GetObject", resource }).decision;
  assert.equal(decide("arn:aws:s3:::my-bucket-aps1/my-image.jpg"), "Allow");
  assert.equal(decide("arn:aws:s3:::my-bucket-usw2/my-image.jpg"), "ImplicitDeny");
});
