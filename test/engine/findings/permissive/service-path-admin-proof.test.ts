import assert from "node:assert/strict";
import { test } from "node:test";
import { ACCOUNT, ownPolicy, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, run, trustDoc } from "./fixture.js";

const FULL = { Effect: "Allow", Action: "*", Resource: "*" };
const fromOffice = { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } };
const fnRole = `arn:aws:iam::${ACCOUNT}:role/fn-role`;

/**
 * User dev, administrator only from the office network and allowed `extra` besides, beside role
 * fn-role, which Lambda functions run as, allowed `fnAllows`.
 */
function officeAdmin(extra: object[], fnAllows: object = FULL) {
  const fn = role("fn-role", {
    trustPolicy: trustDoc({ Service: "lambda.amazonaws.com" }),
    ...ownPolicy([fnAllows]),
  });
  const dev = user("dev", { ...ownPolicy([{ ...FULL, Condition: fromOffice }, ...extra]) });
  const [admin] = findingsOf(run(snapshotWith({ users: [dev], roles: [fn] })), "admin-access", dev.arn);
  assert.ok(admin, "dev is found to be an administrator");
  return admin;
}

const updateCode = { Effect: "Allow", Action: "lambda:UpdateFunctionCode", Resource: "*" };

// New code for a function runs with the function's execution role: its session has that role's
// permissions, none of the caller's conditions.
// https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html
test("an administrator under a condition who can certainly rewrite an administrator function's code is one in full", () => {
  const admin = officeAdmin([updateCode]);
  assert.equal(admin.severity, "critical", `${admin.title} (${admin.detail})`);
  assert.equal(admin.evidence.level, "certain");
  assert.deepEqual(admin.evidence.via, { path: "lambda-003", role: fnRole });
  assert.match(admin.detail, /lambda-003/);
  assert.match(admin.detail, /fn-role/);
});

test("passing an administrator role to a new function it invokes makes it one in full", () => {
  const admin = officeAdmin([
    { Effect: "Allow", Action: "iam:PassRole", Resource: fnRole },
    { Effect: "Allow", Action: ["lambda:CreateFunction", "lambda:InvokeFunction"], Resource: "*" },
  ]);
  assert.equal(admin.severity, "critical", `${admin.title} (${admin.detail})`);
  assert.deepEqual(admin.evidence.via, { path: "lambda-001", role: fnRole });
});

test("an administrator who can rewrite the function's code only under its condition stays conditional", () => {
  const admin = officeAdmin([]);
  assert.equal(admin.severity, "high", `${admin.title} (${admin.detail})`);
  assert.equal(admin.evidence.level, "conditional");
  assert.equal(admin.evidence.via, undefined);
});

test("a function whose role is not an administrator makes no administrator in full", () => {
  const admin = officeAdmin([updateCode], { Effect: "Allow", Action: "s3:*", Resource: "*" });
  assert.equal(admin.severity, "high", `${admin.title} (${admin.detail})`);
  assert.equal(admin.evidence.via, undefined);
});

// Each role can do without a condition something the other cannot (actions first in the catalog's
// order, which the privilege comparison looks at within its bound), so each function's code is a
// path onto the other: neither search may count on the other's, which leads back to itself.
test("functions whose roles, each an administrator under its own condition, rewrite each other's code stay conditional", () => {
  const fnAdmin = (name: string, condition: object, own: string) =>
    role(name, {
      trustPolicy: trustDoc({ Service: "lambda.amazonaws.com" }),
      ...ownPolicy([
        { ...FULL, Condition: condition },
        updateCode,
        { Effect: "Allow", Action: own, Resource: "*" },
      ]),
    });
  const office = fnAdmin("office", fromOffice, "a2c:GetContainerizationJobDetails");
  const mfa = fnAdmin(
    "mfa",
    { Bool: { "aws:MultiFactorAuthPresent": "true" } },
    "a2c:GetDeploymentJobDetails",
  );
  const found = run(snapshotWith({ roles: [office, mfa] }));
  for (const arn of [office.arn, mfa.arn]) {
    const [admin] = findingsOf(found, "admin-access", arn);
    assert.equal(admin?.severity, "high", `${arn}: ${admin?.title} (${admin?.detail})`);
  }
});
