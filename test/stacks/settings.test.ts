import assert from "node:assert/strict";
import { test } from "node:test";
import { deploymentSettings } from "../../stacks/settings.js";

test("no settings give a daily single-account audit over LookupEvents", () => {
  const settings = deploymentSettings({});
  assert.equal(settings.schedule, "cron(0 3 * * ? *)");
  assert.equal(settings.activity, "lookup-events");
  assert.equal(settings.orgMode, false);
  assert.equal(settings.days, 90);
  assert.equal(settings.remediation, false, "nothing that writes IAM is deployed unless asked");
});

test("a trail bucket makes the trail the activity source", () => {
  const settings = deploymentSettings({
    WHITTLE_TRAIL_BUCKET: "acme-org-cloudtrail",
    WHITTLE_TRAIL_PREFIX: "org",
  });
  assert.equal(settings.activity, "trail-bucket");
  assert.equal(settings.trailPrefix, "org");
});

const invalid: [string, Record<string, string>, RegExp][] = [
  ["a schedule that is not cron() or rate()", { WHITTLE_SCHEDULE: "daily" }, /WHITTLE_SCHEDULE/],
  [
    "trail-bucket without a bucket",
    { WHITTLE_ACTIVITY_SOURCE: "trail-bucket" },
    /needs WHITTLE_TRAIL_BUCKET/,
  ],
  ["an org mode that is not true or false", { WHITTLE_ORG_MODE: "yes" }, /WHITTLE_ORG_MODE/],
  ["a remediation switch that is not true or false", { WHITTLE_REMEDIATION: "on" }, /WHITTLE_REMEDIATION/],
  ["a role name IAM would refuse", { WHITTLE_MEMBER_ROLE_NAME: "audit role" }, /WHITTLE_MEMBER_ROLE_NAME/],
  [
    "an audit configuration with an unknown key",
    { WHITTLE_AUDIT_CONFIG: '{"identity":{"typo":1}}' },
    /identity: Unrecognized key/,
  ],
  ["an audit configuration that is not JSON", { WHITTLE_AUDIT_CONFIG: "{" }, /WHITTLE_AUDIT_CONFIG/],
];

for (const [what, env, message] of invalid) {
  test(`${what} fails the deploy with a message naming it`, () => {
    assert.throws(() => deploymentSettings(env), message);
  });
}
