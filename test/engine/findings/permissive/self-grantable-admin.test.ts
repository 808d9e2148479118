import assert from "node:assert/strict";
import { test } from "node:test";
import { ACCOUNT, group, ownPolicy, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, run } from "./fixture.js";

const FULL = { Effect: "Allow", Action: "*", Resource: "*" };

/** The admin-access finding of a role holding `statements` inline, beside that of a role holding `*` on `*`. */
function adminBeside(statements: object[]) {
  const subject = role("subject", { ...ownPolicy(statements) });
  const full = role("full", { ...ownPolicy([FULL]) });
  const findings = run(snapshotWith({ roles: [subject, full] }));
  const [fullAdmin] = findingsOf(findings, "admin-access", full.arn);
  const [admin] = findingsOf(findings, "admin-access", subject.arn);
  assert.ok(fullAdmin && admin, "both are found to be administrators");
  assert.equal(fullAdmin.severity, "critical");
  return admin;
}

// An Allow of every action on every resource but one S3 bucket (NotResource) includes
// iam:PutRolePolicy on the role itself: it can write itself an inline "*" on "*" at any time, and
// an inline policy takes effect once written. Nothing stands between it and a full administrator.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
// ("Allow ... NotResource ... allows every action on every resource except the one listed")
test("every action on every resource but one bucket is reported as the administrator it can make itself", () => {
  const admin = adminBeside([{ Effect: "Allow", Action: "*", NotResource: "arn:aws:s3:::audit-logs" }]);
  assert.equal(admin.severity, "critical", `${admin.title} (${admin.detail})`);
  assert.match(admin.detail, /iam:PutRolePolicy/);
});

// aws:RequestedRegion is us-east-1 for every IAM call: IAM's single endpoint is in that region.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_deny-requested-region.html
// ("IAM ... [is a] global service with a single endpoint that is physically located in the us-east-1
// Region. Because all requests to these services are made to the us-east-1 Region ...")
test("every action limited to us-east-1 is reported as the administrator it can make itself through IAM", () => {
  const admin = adminBeside([
    { ...FULL, Condition: { StringEquals: { "aws:RequestedRegion": "us-east-1" } } },
  ]);
  assert.equal(admin.severity, "critical", `IAM calls are made in us-east-1: ${admin.detail}`);
});

test("every action limited to eu-west-1 stays a conditional administrator: IAM is not called there", () => {
  const admin = adminBeside([
    { ...FULL, Condition: { StringEquals: { "aws:RequestedRegion": "eu-west-1" } } },
  ]);
  assert.equal(admin.severity, "high");
});

test("every action only with MFA stays a conditional administrator: writing itself a policy needs MFA too", () => {
  const admin = adminBeside([{ ...FULL, Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } }]);
  assert.equal(admin.severity, "high");
});

test("every action on every resource but its own role stays a conditional administrator", () => {
  const admin = adminBeside([
    { Effect: "Allow", Action: "*", NotResource: `arn:aws:iam::${ACCOUNT}:role/subject` },
  ]);
  assert.equal(admin.severity, "high");
});

test("a Deny that a policy of its own cannot lift keeps a self-granting administrator conditional", () => {
  const admin = adminBeside([
    { Effect: "Allow", Action: "*", NotResource: "arn:aws:s3:::audit-logs" },
    { Effect: "Deny", Action: "s3:DeleteBucket", Resource: "arn:aws:s3:::backups" },
  ]);
  assert.equal(admin.severity, "high");
});

// A group's policies apply to its members: a user that may put a policy on its group gives itself one.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutGroupPolicy.html
test("a user allowed everything but itself is the administrator it can make itself through its group", () => {
  const dev = user("dev", {
    groups: ["devs"],
    ...ownPolicy([{ Effect: "Allow", Action: "*", NotResource: `arn:aws:iam::${ACCOUNT}:user/dev` }]),
  });
  const findings = run(snapshotWith({ users: [dev], groups: [group("devs")] }));
  const [admin] = findingsOf(findings, "admin-access", dev.arn);
  assert.equal(admin?.severity, "critical", admin?.detail);
  assert.match(admin.detail, /iam:PutGroupPolicy on arn:aws:iam::111122223333:group\/devs/);
});

// An attach call names its policy, so a condition on iam:PolicyARN is met by the caller's choice.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PolicyARN
/** Everything on all but one bucket, inline writes only to another role, attaching under `condition`. */
const attachUnder = (condition: object) =>
  adminBeside([
    {
      Effect: "Allow",
      NotAction: ["iam:AttachRolePolicy", "iam:PutRolePolicy"],
      NotResource: "arn:aws:s3:::audit-logs",
    },
    { Effect: "Allow", Action: "iam:PutRolePolicy", Resource: `arn:aws:iam::${ACCOUNT}:role/other` },
    { Effect: "Allow", Action: "iam:AttachRolePolicy", Resource: "*", Condition: condition },
  ]);

test("every action on all but one bucket, attach allowed for any policy but IAMFullAccess, is the administrator it can make itself", () => {
  const admin = attachUnder({ ArnNotEquals: { "iam:PolicyARN": "arn:aws:iam::aws:policy/IAMFullAccess" } });
  assert.equal(admin.severity, "critical", `${admin.title} (${admin.detail})`);
  assert.match(admin.detail, /iam:AttachRolePolicy/);
});

test("attach allowed only for ReadOnlyAccess leaves an administrator on all but one bucket conditional", () => {
  const admin = attachUnder({ ArnEquals: { "iam:PolicyARN": "arn:aws:iam::aws:policy/ReadOnlyAccess" } });
  assert.equal(admin.severity, "high");
});
