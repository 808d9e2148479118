import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError, loadConfig } from "../../functions/config.js";

const required = { TABLE_NAME: "findings", BUCKET_NAME: "reports" };

test("the environment the stack sets becomes the functions' configuration", () => {
  const config = loadConfig({
    ...required,
    QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/123456789012/audits",
    ACTIVITY_SOURCE: "trail-bucket",
    TRAIL_BUCKET: "org-trail",
    AUDIT_DAYS: "30",
    AUDIT_CONFIG: '{"identity":{"accessKeyRotationDays":60}}',
    ORG_MODE: "true",
  });
  assert.equal(config.days, 30);
  assert.equal(config.orgMode, true);
  assert.equal(config.audit.identity.accessKeyRotationDays, 60);
  assert.equal(config.reportUrlTtl, 300);
  assert.equal(config.reportKmsKeyId, undefined);
});

test("every problem of a bad environment is named in one ConfigError", () => {
  assert.throws(
    () =>
      loadConfig({
        BUCKET_NAME: "reports",
        AUDIT_DAYS: "0",
        AUDIT_CONFIG: '{"nope":true}',
        ACTIVITY_SOURCE: "trail-bucket",
      }),
    (error: Error) => {
      assert.ok(error instanceof ConfigError);
      for (const name of ["TABLE_NAME", "AUDIT_DAYS", "AUDIT_CONFIG"])
        assert.match(error.message, new RegExp(name));
      return true;
    },
  );
});

test("a trail bucket source without a bucket is refused", () => {
  assert.throws(
    () => loadConfig({ ...required, ACTIVITY_SOURCE: "trail-bucket" }),
    /TRAIL_BUCKET: .*needs TRAIL_BUCKET/,
  );
});
