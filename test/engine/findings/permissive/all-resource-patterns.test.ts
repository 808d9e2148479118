import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, policyArn, run } from "./fixture.js";

const kindsFor = (statement: object) => {
  const dev = user("dev", { attachedPolicyArns: [policyArn("p")] });
  const findings = run(snapshotWith({ users: [dev], managedPolicies: managed("p", doc(statement)) }));
  return (kind: Parameters<typeof findingsOf>[1]) =>
    findingsOf(findings, kind, dev.arn).map((f) => f.severity);
};

// An ARN pattern that names every resource an action acts on grants it as "*" does: the detectors
// that report "on every resource" must not be silenced by writing `*` as such a pattern.
test("data-exfiltration: GetObject on every object of every bucket is reported as GetObject on *", () => {
  const star = kindsFor({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" });
  const everyObject = kindsFor({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::*/*" });
  assert.deepEqual(star("data-exfiltration"), ["medium"]);
  assert.deepEqual(everyObject("data-exfiltration"), star("data-exfiltration"));
});

test("data-exfiltration: GetSecretValue on every secret of every account is reported as on *", () => {
  const everySecret = kindsFor({
    Effect: "Allow",
    Action: "secretsmanager:GetSecretValue",
    Resource: "arn:aws:secretsmanager:*:*:secret:*",
  });
  assert.deepEqual(everySecret("data-exfiltration"), ["medium"]);
});

test("pass-role-wildcard: PassRole on every role of every account is reported as PassRole on *", () => {
  const star = kindsFor({ Effect: "Allow", Action: "iam:PassRole", Resource: "*" });
  const everyRole = kindsFor({ Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::*:role/*" });
  assert.deepEqual(star("pass-role-wildcard"), ["medium"]);
  assert.deepEqual(everyRole("pass-role-wildcard"), star("pass-role-wildcard"));
});

test("admin-access: * on arn:* reaches every resource-level action like * on *", () => {
  const arnStar = kindsFor({ Effect: "Allow", Action: "*", Resource: "arn:*" });
  assert.notDeepEqual(arnStar("data-exfiltration"), []);
  assert.notDeepEqual(arnStar("credentials-exposure"), []);
});

test("pass-role-wildcard: PassRole on every role of the account is PassRole on every role", () => {
  const own = kindsFor({
    Effect: "Allow",
    Action: "iam:PassRole",
    Resource: "arn:aws:iam::111122223333:role/*",
  });
  const other = kindsFor({
    Effect: "Allow",
    Action: "iam:PassRole",
    Resource: "arn:aws:iam::999999999999:role/*",
  });
  const path = kindsFor({
    Effect: "Allow",
    Action: "iam:PassRole",
    Resource: "arn:aws:iam::111122223333:role/app/*",
  });
  assert.deepEqual(own("pass-role-wildcard"), ["medium"]);
  assert.deepEqual(other("pass-role-wildcard"), []);
  assert.deepEqual(path("pass-role-wildcard"), []);
});

test("a pattern on some resources stays a scope: GetObject on one bucket's objects is not reported", () => {
  const oneBucket = kindsFor({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::logs/*" });
  assert.deepEqual(oneBucket("data-exfiltration"), []);
});

test("admin-access: * on a pattern naming every ARN is an administrator, not an escalation path", () => {
  const star = kindsFor({ Effect: "Allow", Action: "*", Resource: "*" });
  assert.deepEqual(star("admin-access"), ["critical"]);
  for (const Resource of ["arn:*", "arn:aws:*:*:*:*", "arn:*:*:*:*:*", ["arn:aws:*", "arn:aws:s3:::logs"]]) {
    const every = kindsFor({ Effect: "Allow", Action: "*", Resource });
    assert.deepEqual(every("admin-access"), star("admin-access"), JSON.stringify(Resource));
    assert.deepEqual(every("privilege-escalation"), [], JSON.stringify(Resource));
  }
});

test("admin-access: * on every resource of one service, or of one account, is no administrator", () => {
  for (const Resource of ["arn:aws:s3:::*", "arn:aws:*:*:999999999999:*", "arn:aws:iam::*:*/*"]) {
    assert.deepEqual(kindsFor({ Effect: "Allow", Action: "*", Resource })("admin-access"), [], Resource);
  }
});

test("resource-wildcard: write actions on arn:* are reported as on *", () => {
  const star = kindsFor({ Effect: "Allow", Action: "s3:PutObject", Resource: "*" });
  const arnStar = kindsFor({ Effect: "Allow", Action: "s3:PutObject", Resource: "arn:*" });
  const everyObject = kindsFor({ Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::*/*" });
  assert.deepEqual(star("resource-wildcard"), ["low"]);
  assert.deepEqual(arnStar("resource-wildcard"), star("resource-wildcard"));
  assert.deepEqual(everyObject("resource-wildcard"), star("resource-wildcard"));
  const oneBucket = kindsFor({ Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::logs/*" });
  assert.deepEqual(oneBucket("resource-wildcard"), []);
});
