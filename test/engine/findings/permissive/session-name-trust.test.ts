import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { ACCOUNT, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, run, trustDoc } from "./fixture.js";

// The caller of AssumeRole names its session: a trust policy that asks for the user's own name as
// the session name ("Your administrator might require that you specify your user name as the
// session name when you assume the role. For more information, see sts:RoleSessionName.") lets
// every user of the account in, each naming its session after itself.
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html (RoleSessionName)
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_rolesessionname
const dev = user("dev", {
  inlinePolicies: [
    { name: "assume", document: doc({ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }) },
  ],
});
const adminTrusting = (condition: object) =>
  role("admin", {
    trustPolicy: trustDoc({ AWS: `arn:aws:iam::${ACCOUNT}:root` }, condition),
    inlinePolicies: [{ name: "all", document: doc({ Effect: "Allow", Action: "*", Resource: "*" }) }],
  });

test("a user may assume an administrator role that asks for the user's name as the session name", () => {
  const admin = adminTrusting({ StringEquals: { "sts:RoleSessionName": "${aws:username}" } });
  const findings = findingsOf(
    run(snapshotWith({ users: [dev], roles: [admin] })),
    "privilege-escalation",
    dev.arn,
  );
  assert.equal(findings.length, 1);
  assert.equal(findings[0]?.severity, "high");
});

test("as it may one that asks for a fixed session name, which the same finding already reports", () => {
  const admin = adminTrusting({ StringEquals: { "sts:RoleSessionName": "break-glass" } });
  const findings = findingsOf(
    run(snapshotWith({ users: [dev], roles: [admin] })),
    "privilege-escalation",
    dev.arn,
  );
  assert.equal(findings[0]?.severity, "high");
});

test("a role any principal may assume under a session name spelled from its own account is open to any principal", () => {
  // Every caller knows its account id, and names its session "<account>-anything".
  const open = role("open", {
    trustPolicy: trustDoc(
      { AWS: "*" },
      { StringLike: { "sts:RoleSessionName": "${aws:PrincipalAccount}-*" } },
    ),
  });
  const findings = findingsOf(run(snapshotWith({ roles: [open] })), "trust-any-principal", open.arn);
  assert.equal(findings.length, 1);
});

test("a role any principal may assume with its own account id as the external id is open to any principal", () => {
  // The caller sets sts:ExternalId as it likes (a fixed one is reported critical already).
  const open = role("open", {
    trustPolicy: trustDoc({ AWS: "*" }, { StringEquals: { "sts:ExternalId": "${aws:PrincipalAccount}" } }),
  });
  const findings = findingsOf(run(snapshotWith({ roles: [open] })), "trust-any-principal", open.arn);
  assert.equal(findings.length, 1);
});

test("a role any principal may assume whose ARN is a role named deployer in its own account is open to any principal", () => {
  // arn:aws:iam::${aws:PrincipalAccount}:role/deployer admits every account's role of that name, as
  // arn:aws:iam::*:role/deployer does (reported critical): anyone may create one in their account.
  const open = role("open", {
    trustPolicy: trustDoc(
      { AWS: "*" },
      { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::${aws:PrincipalAccount}:role/deployer" } },
    ),
  });
  const findings = findingsOf(run(snapshotWith({ roles: [open] })), "trust-any-principal", open.arn);
  assert.equal(findings.length, 1);
});

test("a role any principal may assume under a session name spelled from a tag of its own is certainly open to any principal", () => {
  // The caller tags its own role as it likes, then names its session after the tag.
  const open = role("open", {
    trustPolicy: trustDoc(
      { AWS: "*" },
      { StringEquals: { "sts:RoleSessionName": "${aws:PrincipalTag/team}" } },
    ),
  });
  const findings = findingsOf(run(snapshotWith({ roles: [open] })), "trust-any-principal", open.arn);
  assert.equal(findings.length, 1);
  assert.equal(findings[0]?.severity, "critical", findings[0]?.detail);
});
