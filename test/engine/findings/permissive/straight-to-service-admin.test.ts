import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, run } from "./fixture.js";

// A call a principal sends itself, straight to the service, has aws:ViaAWSService false and no
// aws:CalledVia (set only when a service makes a request with its credentials), and no
// aws:SourceAccount or aws:SourceArn (set only for a call an AWS service principal makes). A
// statement kept to such calls still lets its holder make every one of them.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-viaawsservice
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_forward_access_sessions.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceaccount
function adminUnder(...statements: object[]) {
  const dev = user("dev", { inlinePolicies: [{ name: "own", document: doc(...statements) }] });
  const [admin] = findingsOf(run(snapshotWith({ users: [dev] })), "admin-access", dev.arn);
  return admin;
}

const allowAll = (condition: object) => ({
  Effect: "Allow",
  Action: "*",
  Resource: "*",
  Condition: condition,
});

for (const [name, condition] of [
  ["not through a service", { Bool: { "aws:ViaAWSService": "false" } }],
  ["without aws:SourceAccount", { Null: { "aws:SourceAccount": "true" } }],
  ["without aws:CalledVia", { Null: { "aws:CalledVia": "true" } }],
  ["for any other source ARN", { ArnNotLikeIfExists: { "aws:SourceArn": "arn:aws:s3:::intake" } }],
] as const) {
  test(`* on * allowed only ${name} is an administrator in full`, () => {
    const admin = adminUnder(allowAll(condition));
    assert.equal(admin?.severity, "critical", JSON.stringify(admin));
    assert.equal(admin?.evidence.level, "certain");
    assert.equal(admin?.evidence.directCall, true);
    assert.match(admin?.detail ?? "", /straight to the service/);
  });
}

test("a Deny of calls made through a service leaves an administrator in full", () => {
  const admin = adminUnder(
    { Effect: "Allow", Action: "*", Resource: "*" },
    { Effect: "Deny", Action: "*", Resource: "*", Condition: { Bool: { "aws:ViaAWSService": "true" } } },
  );
  assert.equal(admin?.severity, "critical", JSON.stringify(admin));
});

test("* on * allowed only through a service, or only to a service principal's call, stays conditional", () => {
  for (const condition of [
    { Bool: { "aws:ViaAWSService": "true" } },
    { StringEquals: { "aws:SourceAccount": "111122223333" } },
    { "ForAnyValue:StringEquals": { "aws:CalledVia": "cloudformation.amazonaws.com" } },
  ]) {
    const admin = adminUnder(allowAll(condition));
    assert.equal(admin?.severity, "high", JSON.stringify(admin));
    assert.equal(admin?.evidence.level, "conditional");
  }
});

test("a Deny of every call straight to the service leaves no administrator in full", () => {
  const admin = adminUnder(
    { Effect: "Allow", Action: "*", Resource: "*" },
    { Effect: "Deny", Action: "*", Resource: "*", Condition: { Bool: { "aws:ViaAWSService": "false" } } },
  );
  assert.notEqual(admin?.severity, "critical", JSON.stringify(admin));
});
