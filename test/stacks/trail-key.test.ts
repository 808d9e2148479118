import assert from "node:assert/strict";
import { test } from "node:test";
import { collectorStatements } from "../../stacks/permissions.js";
import { deploymentSettings } from "../../stacks/settings.js";

const OWN = {
  account: "111122223333",
  partition: "aws",
  bucketArn: "arn:aws:s3:::whittle-reports",
  tableArn: "arn:aws:dynamodb:us-east-1:111122223333:table/whittle",
  queueArn: "arn:aws:sqs:us-east-1:111122223333:whittle",
};
const KEY = "arn:aws:kms:us-east-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab";

const decrypts = (env: Record<string, string>) =>
  collectorStatements(deploymentSettings(env), OWN)
    .map((s) => s.toStatementJson())
    .filter((s) => [s.Action].flat().includes("kms:Decrypt"));

test("an SSE-KMS trail's key may be used to decrypt, that key only", () => {
  const statements = decrypts({ WHITTLE_TRAIL_BUCKET: "org-trail-logs", WHITTLE_TRAIL_KMS_KEY_ARN: KEY });
  assert.deepEqual(
    statements.map((s) => [s.Action, s.Resource]),
    [["kms:Decrypt", KEY]],
  );
});

test("without a trail key, no decrypt permission at all", () => {
  assert.deepEqual(decrypts({ WHITTLE_TRAIL_BUCKET: "org-trail-logs" }), []);
});

test("a trail key that is not a KMS ARN fails the deploy", () => {
  assert.throws(
    () => deploymentSettings({ WHITTLE_TRAIL_KMS_KEY_ARN: "alias/trail" }),
    /WHITTLE_TRAIL_KMS_KEY_ARN/,
  );
});
