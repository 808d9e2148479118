import assert from "node:assert/strict";
import { test } from "node:test";
import type { AccessKey, Snapshot } from "../../../../core/engine/snapshot/model.js";
import { doc } from "../../../helpers/policies.js";
import {
  ACCOUNT,
  credentials,
  ownPolicy,
  role,
  snapshotWith,
  user,
} from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, pathIds, policyArn, run, trustDoc } from "./fixture.js";

// A call signed with an IAM user's long-term access key carries no aws:MultiFactorAuthPresent: a
// Bool condition on a key the request lacks does not match, so the common "force MFA" Deny written
// with Bool never denies such a call, while one written with BoolIfExists does.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent
// ("The aws:MultiFactorAuthPresent key is not present when an API or CLI command is called with
// long-term credentials, such as user access key pairs.")
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_my-sec-creds-self-manage.html
const forceMfa = (operator: "Bool" | "BoolIfExists") => ({
  Effect: "Deny",
  NotAction: ["iam:*MFA*", "sts:GetSessionToken"],
  Resource: "*",
  Condition: { [operator]: { "aws:MultiFactorAuthPresent": "false" } },
});

const key = (status: AccessKey["status"]): AccessKey => ({
  id: `AKIA${status.toUpperCase()}`,
  status,
  created: "2025-06-01T00:00:00.000Z",
  lastUsed: null,
});

/** The findings of user ops, holding `statements` inline and these keys (undefined: no credential report). */
function opsFindings(statements: object[], keys: AccessKey[] | undefined, extra: Partial<Snapshot> = {}) {
  const ops = user("ops", { ...ownPolicy(statements) });
  const snapshot = snapshotWith({
    ...extra,
    users: [ops],
    credentials: keys ? { [ops.arn]: credentials("ops", { accessKeys: keys }) } : {},
  });
  return { findings: run(snapshot), arn: ops.arn };
}

/** The admin-access finding of user ops, allowed `*` on `*` under a force-MFA Deny, holding these keys. */
function opsAdmin(operator: "Bool" | "BoolIfExists", keys: AccessKey[] | undefined) {
  const { findings, arn } = opsFindings(
    [{ Effect: "Allow", Action: "*", Resource: "*" }, forceMfa(operator)],
    keys,
  );
  const [admin] = findingsOf(findings, "admin-access", arn);
  assert.ok(admin, "ops is found to be an administrator");
  return admin;
}

test("a user with an active access key is a certain administrator under a force-MFA Deny written with Bool", () => {
  const admin = opsAdmin("Bool", [key("Active")]);
  assert.equal(admin.severity, "critical", `${admin.title} (${admin.detail})`);
  assert.equal(admin.evidence.level, "certain");
  assert.match(admin.detail, /access key/);
});

test("a force-MFA Deny written with BoolIfExists keeps a user with an active access key a conditional administrator", () => {
  const admin = opsAdmin("BoolIfExists", [key("Active")]);
  assert.equal(admin.severity, "high", admin.detail);
  assert.equal(admin.evidence.level, "conditional");
});

for (const [name, keys] of [
  ["only an inactive access key", [key("Inactive")]],
  ["no access key", []],
  ["no credential report", undefined],
] as const) {
  test(`a user with ${name} stays a conditional administrator under a force-MFA Deny written with Bool`, () => {
    const admin = opsAdmin("Bool", keys as AccessKey[] | undefined);
    assert.equal(admin.severity, "high", admin.detail);
    assert.equal(admin.evidence.level, "conditional");
  });
}

// With the force-MFA Deny out of the way of its key, ops may write itself "*" on "*": the Allow of
// every action from a corporate network stands between it and nothing.
test("a user with an active access key that may put its own policy under a force-MFA Deny is a certain administrator", () => {
  const statements = [
    {
      Effect: "Allow",
      Action: "*",
      Resource: "*",
      Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } },
    },
    { Effect: "Allow", Action: "iam:PutUserPolicy", Resource: `arn:aws:iam::${ACCOUNT}:user/ops` },
    forceMfa("Bool"),
  ];
  const withKey = opsFindings(statements, [key("Active")]);
  const [admin] = findingsOf(withKey.findings, "admin-access", withKey.arn);
  assert.equal(admin?.severity, "critical", admin?.detail);
  assert.deepEqual(admin.evidence.selfGrant, { action: "iam:PutUserPolicy", resource: withKey.arn });
  assert.match(admin.detail, /access key/);
  const withoutKey = opsFindings(statements, [key("Inactive")]);
  assert.equal(findingsOf(withoutKey.findings, "admin-access", withoutKey.arn)[0]?.severity, "high");
});

test("reading every object under a force-MFA Deny is certain for a user with an active access key only", () => {
  const statements = [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }, forceMfa("Bool")];
  const severity = (keys: AccessKey[]) => {
    const { findings, arn } = opsFindings(statements, keys);
    const [finding] = findingsOf(findings, "data-exfiltration", arn);
    assert.ok(finding, "ops may read every object");
    return finding.severity;
  };
  assert.equal(severity([key("Active")]), "medium");
  assert.equal(severity([]), "low", "conditional without a key");
});

test("an escalation path under a force-MFA Deny is certain for a user with an active access key only", () => {
  const lambdaAdmin = role("lambda-admin", {
    trustPolicy: trustDoc({ Service: "lambda.amazonaws.com" }),
    attachedPolicyArns: [policyArn("admin")],
  });
  const statements = [
    {
      Effect: "Allow",
      Action: ["lambda:CreateFunction", "lambda:InvokeFunction", "iam:PassRole"],
      Resource: "*",
    },
    forceMfa("Bool"),
  ];
  const escalation = (keys: AccessKey[]) => {
    const { findings, arn } = opsFindings(statements, keys, {
      roles: [lambdaAdmin],
      managedPolicies: managed("admin", doc({ Effect: "Allow", Action: "*", Resource: "*" })),
    });
    const [finding] = findingsOf(findings, "privilege-escalation", arn);
    assert.deepEqual(pathIds(finding), ["lambda-001"]);
    return finding!;
  };
  const withKey = escalation([key("Active")]);
  assert.equal(withKey.severity, "high", withKey.detail);
  assert.equal(withKey.evidence.certainWithAccessKey, true);
  assert.match(withKey.detail, /access key/);
  assert.equal(escalation([key("Inactive")]).severity, "medium", "conditional without an active key");
});
