import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { ACCOUNT, role, snapshotWith } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, run } from "./fixture.js";

// A shared policy often keeps its grants to the account's own principals with aws:PrincipalAccount,
// or to roles with aws:PrincipalType. Every call a role signs carries its account and the principal
// type AssumedRole, so such a condition holds for all of them: it restricts nothing for this role.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalaccount
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principaltype
const OWN_ACCOUNT = { StringEquals: { "aws:PrincipalAccount": ACCOUNT } };
const ROLE_CALLS = { StringEquals: { "aws:PrincipalType": "AssumedRole" } };

function findingsFor(condition: object) {
  const app = role("app", {
    inlinePolicies: [
      {
        name: "own",
        document: doc({
          Effect: "Allow",
          Action: ["secretsmanager:GetSecretValue", "sts:AssumeRole"],
          Resource: "*",
          Condition: condition,
        }),
      },
    ],
  });
  return { app, findings: run(snapshotWith({ roles: [app] })) };
}

for (const [name, condition] of [
  ["its own account", OWN_ACCOUNT],
  ["its own principal type", ROLE_CALLS],
] as const) {
  test(`risky actions allowed on ${name} are graded as allowed without a condition`, () => {
    const { app, findings } = findingsFor(condition);
    const [exfiltration] = findingsOf(findings, "data-exfiltration", app.arn);
    assert.equal(exfiltration?.severity, "medium", JSON.stringify(exfiltration));
    assert.equal(exfiltration?.evidence.conditional, false);
    const [credentials] = findingsOf(findings, "credentials-exposure", app.arn);
    assert.equal(credentials?.severity, "high", JSON.stringify(credentials));
  });
}

test("risky actions under a condition a call may miss stay one step lower", () => {
  const { app, findings } = findingsFor({ Bool: { "aws:MultiFactorAuthPresent": "true" } });
  const [exfiltration] = findingsOf(findings, "data-exfiltration", app.arn);
  assert.equal(exfiltration?.severity, "low", JSON.stringify(exfiltration));
  assert.equal(exfiltration?.evidence.conditional, true);
});

function passRoleFor(condition: object) {
  const app = role("app", {
    inlinePolicies: [
      {
        name: "own",
        document: doc({ Effect: "Allow", Action: "iam:PassRole", Resource: "*", Condition: condition }),
      },
    ],
  });
  return { app, findings: run(snapshotWith({ roles: [app] })) };
}

// Every call the role makes itself goes over TLS, as the SDKs and the CLI send it.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-securetransport
for (const [name, condition] of [
  ["its own account", OWN_ACCOUNT],
  ["its own principal type", ROLE_CALLS],
  ["calls over TLS", { Bool: { "aws:SecureTransport": "true" } }],
] as const) {
  test(`iam:PassRole on every role allowed for ${name} is graded as allowed without a condition`, () => {
    const { app, findings } = passRoleFor(condition);
    const [found] = findingsOf(findings, "pass-role-wildcard", app.arn);
    assert.equal(found?.severity, "medium", JSON.stringify(found));
    assert.equal(found?.evidence.conditional, false);
  });
}

test("iam:PassRole on every role for the services a condition names stays one step lower", () => {
  const { app, findings } = passRoleFor({ StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" } });
  const [found] = findingsOf(findings, "pass-role-wildcard", app.arn);
  assert.equal(found?.severity, "low", JSON.stringify(found));
  assert.equal(found?.evidence.conditional, true);
});
