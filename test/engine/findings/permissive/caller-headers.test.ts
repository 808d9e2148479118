import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, run } from "./fixture.js";

// aws:UserAgent and aws:referer hold what the caller writes in its User-Agent and Referer headers,
// so anyone holding the credentials meets a condition on them by sending what it asks for; the
// keys' own documentation warns against relying on them. aws:UserAgent is always in the request
// context; aws:referer is absent from a call without a Referer header.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-useragent
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-referer

const ALL = { Action: "*", Resource: "*" };
const TERRAFORM = { StringLike: { "aws:UserAgent": "*terraform*" } };

function findingsFor(...statements: object[]) {
  const dev = user("dev", { inlinePolicies: [{ name: "own", document: doc(...statements) }] });
  return { dev, findings: run(snapshotWith({ users: [dev] })) };
}

function adminOf(...statements: object[]) {
  const { dev, findings } = findingsFor(...statements);
  const [admin] = findingsOf(findings, "admin-access", dev.arn);
  assert.ok(admin, "an admin-access finding");
  return admin;
}

test("an administrator allowed only with a User-Agent it names is an administrator in full", () => {
  const admin = adminOf({ Effect: "Allow", ...ALL, Condition: TERRAFORM });
  assert.equal(admin.severity, "critical", JSON.stringify(admin));
  assert.equal(admin.evidence.level, "certain");
  assert.equal(admin.evidence.directCall, true);
  assert.match(admin.detail, /User-Agent "[^"]*terraform[^"]*"/);
});

test("an administrator denied unless its Referer matches is an administrator in full", () => {
  const admin = adminOf(
    { Effect: "Allow", ...ALL },
    {
      Effect: "Deny",
      ...ALL,
      Condition: { StringNotLike: { "aws:referer": "https://intranet.example.com/*" } },
    },
  );
  assert.equal(admin.severity, "critical", JSON.stringify(admin));
  assert.equal(admin.evidence.level, "certain");
});

test("one request meets an Allow on the User-Agent and escapes a Deny on any Referer sent", () => {
  const admin = adminOf(
    { Effect: "Allow", ...ALL, Condition: TERRAFORM },
    { Effect: "Deny", ...ALL, Condition: { Null: { "aws:referer": "false" } } },
  );
  assert.equal(admin.severity, "critical", JSON.stringify(admin));
  assert.match(admin.detail, /no Referer/);
});

test("a path allowed only with a User-Agent it names is a certain privilege escalation", () => {
  const { dev, findings } = findingsFor({
    Effect: "Allow",
    Action: "iam:PutUserPolicy",
    Resource: "*",
    Condition: TERRAFORM,
  });
  const [found] = findingsOf(findings, "privilege-escalation", dev.arn);
  assert.equal(found?.severity, "high", JSON.stringify(found));
});

test("risky actions allowed only with a User-Agent it names are not reported as conditional", () => {
  const { dev, findings } = findingsFor({
    Effect: "Allow",
    Action: "s3:GetObject",
    Resource: "*",
    Condition: TERRAFORM,
  });
  const [found] = findingsOf(findings, "data-exfiltration", dev.arn);
  assert.ok(found, "s3:GetObject on every object is a data-exfiltration finding");
  assert.equal(found.evidence.conditional, false);
});

test("an administrator allowed only from a source IP stays conditional", () => {
  const admin = adminOf({
    Effect: "Allow",
    ...ALL,
    Condition: { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } },
  });
  assert.equal(admin.severity, "high", JSON.stringify(admin));
  assert.equal(admin.evidence.level, "conditional");
});

test("a Deny on every User-Agent still stands in the way of an administrator", () => {
  const admin = adminOf(
    { Effect: "Allow", ...ALL, Condition: TERRAFORM },
    { Effect: "Deny", ...ALL, Condition: { StringLike: { "aws:UserAgent": "*" } } },
  );
  assert.notEqual(admin.severity, "critical", JSON.stringify(admin));
  assert.equal(admin.evidence.level, "conditional");
});

test("a Deny on the very User-Agent an Allow asks for still stands in the way", () => {
  const admin = adminOf(
    { Effect: "Allow", ...ALL, Condition: TERRAFORM },
    { Effect: "Deny", ...ALL, Condition: { StringLike: { "aws:UserAgent": "*terraform*" } } },
  );
  assert.equal(admin.evidence.level, "conditional", JSON.stringify(admin));
});

test("an Allow asking for no User-Agent is not met, as every request has one", () => {
  const admin = adminOf({ Effect: "Allow", ...ALL, Condition: { Null: { "aws:UserAgent": "true" } } });
  assert.equal(admin.evidence.level, "conditional", JSON.stringify(admin));
});
