import assert from "node:assert/strict";
import { test } from "node:test";
import { lintPolicy } from "../../../core/engine/policy/lint/index.js";
import { catalog } from "../../helpers/catalog.js";

// An S3 object key may hold a colon (a timestamped log prefix, `2024-01-01T00:00:00Z/`), and its
// ARN is the bucket and key after the resource part's start: the colon is in the object's name,
// not in its resource type.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-arn-format.html
const allow = (resource: string) => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: resource }],
});
const codes = (resource: string) =>
  lintPolicy(catalog, allow(resource), { kind: "identity" }).map((p) => p.code);

test("an object ARN whose key holds a colon is no invalid ARN", () => {
  assert.deepEqual(codes("arn:aws:s3:::logs/2024-01-01T00:00:00Z/*"), []);
  assert.deepEqual(codes("arn:aws:s3:::b/${$}{literal:braces}/*"), []);
});

test("a wildcard inside an IAM resource type is still an invalid ARN", () => {
  const problems = lintPolicy(
    catalog,
    {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "iam:GetUser", Resource: "arn:aws:iam::111122223333:u*" }],
    },
    { kind: "identity" },
  );
  assert.ok(
    problems.some((p) => p.code === "invalid-arn"),
    JSON.stringify(problems),
  );
});
