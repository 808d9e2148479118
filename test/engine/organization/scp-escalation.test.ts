import assert from "node:assert/strict";
import { test } from "node:test";
import type { Snapshot } from "../../../core/engine/snapshot/model.js";
import { permissiveFindings } from "../../helpers/findings.js";
import { doc } from "../../helpers/policies.js";
import { snapshotWith } from "../../helpers/snapshot-fixture.js";
import { ASSUME_ANY, organizationWith, PROD, roleIn, trusting } from "./org-fixture.js";

const GUARD = `arn:aws:organizations::999999999999:policy/o-exampleorg1/service_control_policy/p-guard`;
const ops = roleIn(
  PROD,
  "Ops",
  doc({ Effect: "Allow", Action: ["iam:PutRolePolicy", "s3:GetObject"], Resource: "*" }),
  trusting(PROD),
);
const escalation = (organization?: Snapshot["organization"]) =>
  permissiveFindings(
    snapshotWith({ accountId: PROD, roles: [ops], ...(organization ? { organization } : {}) }),
  ).find((f) => f.kind === "privilege-escalation");

test("an escalation path whose actions an SCP denies is reported as denied by it, at low severity", () => {
  assert.equal(escalation()?.severity, "high");
  const finding = escalation(organizationWith({ Effect: "Deny", Action: "iam:*", Resource: "*" }));
  assert.equal(finding?.severity, "low");
  assert.match(finding.title, /could escalate privileges, but service control policies deny it: iam-005/);
  assert.deepEqual(finding.actions, ["iam:PutRolePolicy"]);
  assert.deepEqual(finding.evidence.deniedBy, [{ policy: GUARD, statementIndex: 0 }]);
  assert.match(finding.detail, new RegExp(GUARD.replace(/[/.]/g, "\\$&")));
});

test("an SCP that does not reach the path's actions is named as not blocking it", () => {
  const finding = escalation(organizationWith({ Effect: "Deny", Action: "ec2:*", Resource: "*" }));
  assert.equal(finding?.severity, "high");
  assert.ok(Array.isArray(finding.evidence.notBlockedBy) && finding.evidence.notBlockedBy.includes(GUARD));
  assert.match(finding.detail, /do not block it/);
});

test("an allow-list SCP that leaves IAM out denies the path too", () => {
  const allowList = organizationWith();
  allowList.scpLevels[1]!.policies = [
    {
      id: "p-guard",
      arn: GUARD,
      name: "Guard",
      document: doc({ Effect: "Allow", Action: "s3:*", Resource: "*" }),
    },
  ];
  const finding = escalation(allowList);
  assert.equal(finding?.severity, "low");
  assert.deepEqual(finding.evidence.deniedBy, [{ policy: GUARD, statementIndex: 0 }]);
});

test("an administrator its SCPs limit has nothing to escalate to: admin-access is its one finding", () => {
  const admin = roleIn(PROD, "Admin", doc({ Effect: "Allow", Action: "*", Resource: "*" }), trusting(PROD));
  const findings = permissiveFindings(
    snapshotWith({
      accountId: PROD,
      roles: [admin],
      organization: organizationWith({ Effect: "Deny", Action: "sts:*", Resource: "*" }),
    }),
  ).filter(
    (f) => f.principalArn === admin.arn && (f.kind === "admin-access" || f.kind === "privilege-escalation"),
  );
  assert.deepEqual(
    findings.map((f) => [f.kind, f.severity]),
    [["admin-access", "high"]],
  );
});

test("a chain to an administrator role that only SCPs deny is reported low, naming the chain", () => {
  const deployer = roleIn(PROD, "Deployer", ASSUME_ANY, trusting(PROD));
  const admin = roleIn(PROD, "Admin", doc({ Effect: "Allow", Action: "*", Resource: "*" }), trusting(PROD));
  const chainOf = (organization?: Snapshot["organization"]) =>
    permissiveFindings(
      snapshotWith({ accountId: PROD, roles: [deployer, admin], ...(organization ? { organization } : {}) }),
    ).find((f) => f.kind === "privilege-escalation" && f.principalArn === deployer.arn);
  assert.equal(chainOf()?.severity, "high");
  const finding = chainOf(organizationWith({ Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" }));
  assert.equal(finding?.severity, "low", "the SCP is all that stops the chain: reported, not dropped");
  assert.match(finding.title, /service control policies deny it: assume Admin/);
  assert.deepEqual(finding.actions, ["sts:AssumeRole"]);
  assert.deepEqual(finding.evidence.deniedBy, [{ policy: GUARD, statementIndex: 0 }]);
});

test("a trust naming the caller does not reach past the caller's SCPs: the chain is reported low", () => {
  const viewer = roleIn(
    PROD,
    "Viewer",
    doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }),
    trusting(PROD),
  );
  const admin = roleIn(
    PROD,
    "Admin",
    doc({ Effect: "Allow", Action: "*", Resource: "*" }),
    trusting(viewer.arn),
  );
  const chainOf = (organization?: Snapshot["organization"]) =>
    permissiveFindings(
      snapshotWith({ accountId: PROD, roles: [viewer, admin], ...(organization ? { organization } : {}) }),
    ).find((f) => f.kind === "privilege-escalation" && f.principalArn === viewer.arn);
  assert.equal(chainOf()?.severity, "high", "named in the trust: no permission of its own needed");
  const finding = chainOf(organizationWith({ Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" }));
  assert.equal(finding?.severity, "low");
  assert.match(finding.title, /service control policies deny it: assume Admin/);
});

test("an SCP that denies a path's action only on the resources the path needs is named, with that action", () => {
  // PassRole stays possible on other roles; the SCP denies it on the administrator roles a new
  // Lambda function would run as, which is all that stops the path.
  const adminFn = roleIn(
    PROD,
    "AdminFn",
    doc({ Effect: "Allow", Action: "*", Resource: "*" }),
    doc({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }),
  );
  const dev = roleIn(
    PROD,
    "Dev",
    doc({
      Effect: "Allow",
      Action: ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"],
      Resource: "*",
    }),
    trusting(PROD),
  );
  const of = (organization?: Snapshot["organization"]) =>
    permissiveFindings(
      snapshotWith({ accountId: PROD, roles: [adminFn, dev], ...(organization ? { organization } : {}) }),
    ).find((f) => f.kind === "privilege-escalation" && f.principalArn === dev.arn);
  assert.equal(of()?.severity, "high");
  const finding = of(
    organizationWith({ Effect: "Deny", Action: "iam:PassRole", Resource: "arn:aws:iam::*:role/Admin*" }),
  );
  assert.equal(finding?.severity, "low");
  assert.deepEqual(finding.actions, ["iam:PassRole"]);
  assert.deepEqual(finding.evidence.deniedBy, [{ policy: GUARD, statementIndex: 0 }]);
  assert.ok(finding.detail.includes(`SCPs (${GUARD}) deny iam:PassRole`), finding.detail);
  // The same Deny, sparing a break-glass role only: it still certainly denies Dev.
  const spared = of(
    organizationWith({
      Effect: "Deny",
      Action: "iam:PassRole",
      Resource: "arn:aws:iam::*:role/Admin*",
      Condition: { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/BreakGlass" } },
    }),
  );
  assert.equal(spared?.severity, "low");
  assert.deepEqual(spared.actions, ["iam:PassRole"]);
  assert.deepEqual(spared.evidence.deniedBy, [{ policy: GUARD, statementIndex: 0 }]);
});
