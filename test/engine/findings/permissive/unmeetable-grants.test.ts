import assert from "node:assert/strict";
import { test } from "node:test";
import { ACCOUNT, group, ownPolicy, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, run } from "./fixture.js";

/**
 * A statement whose condition no call of the principal's own can meet (another principal's ARN or
 * account, an AWS service as the caller, a date already past) grants it nothing, as IAM evaluates
 * it: the findings that read a grant's text or its effect are not made of it.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
 */
const UNMEETABLE = {
  "another role's ARN": { StringEquals: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/other` } },
  "another account": { StringEquals: { "aws:PrincipalAccount": "999988887777" } },
  "an AWS service as the caller": { Bool: { "aws:PrincipalIsAWSService": "true" } },
  "a date already past": { DateLessThan: { "aws:CurrentTime": "2020-01-01T00:00:00Z" } },
};

const STATEMENTS = (condition: object) => [
  { Effect: "Allow", Action: "iam:PassRole", Resource: "*", Condition: condition },
  { Effect: "Allow", Action: ["iam:CreateAccessKey", "s3:GetObject"], Resource: "*", Condition: condition },
  { Effect: "Allow", Action: "sqs:*", Resource: "*", Condition: condition },
  { Effect: "Allow", NotAction: "iam:*", Resource: "arn:aws:s3:::data/*", Condition: condition },
  { Effect: "Allow", Action: "sns:Publish", NotResource: "arn:aws:sns:*:*:private", Condition: condition },
  { Effect: "Allow", Action: "ec2:TerminateInstances", Resource: "*", Condition: condition },
];

const KINDS = [
  "pass-role-wildcard",
  "credentials-exposure",
  "data-exfiltration",
  "resource-exposure",
  "infrastructure-modification",
  "service-wildcard",
  "resource-wildcard",
  "not-action-allow",
  "not-resource-allow",
] as const;

function kindsFor(condition: object, holder: "role" | "user" | "group") {
  const policy = ownPolicy(STATEMENTS(condition));
  const snapshot = snapshotWith(
    holder === "role"
      ? { roles: [role("subject", policy)] }
      : holder === "user"
        ? { users: [user("subject", policy)] }
        : { groups: [group("subject", policy)] },
  );
  const arn = `arn:aws:iam::${ACCOUNT}:${holder}/subject`;
  const findings = run(snapshot);
  return KINDS.filter((kind) => findingsOf(findings, kind, arn).length > 0);
}

for (const [name, condition] of Object.entries(UNMEETABLE)) {
  for (const holder of ["role", "user"] as const) {
    test(`a ${holder}'s grants only for ${name} give no permission finding`, () => {
      assert.deepEqual(kindsFor(condition, holder), []);
    });
  }
}

test("a group's grants only for another account, an AWS service or a past date give no permission finding", () => {
  assert.deepEqual(kindsFor(UNMEETABLE["another account"], "group"), []);
  assert.deepEqual(kindsFor(UNMEETABLE["an AWS service as the caller"], "group"), []);
  assert.deepEqual(kindsFor(UNMEETABLE["a date already past"], "group"), []);
});

test("grants only for another principal type give no permission finding: a group's members are users", () => {
  const type = (t: string) => ({ StringEquals: { "aws:PrincipalType": t } });
  assert.deepEqual(kindsFor(type("User"), "role"), []);
  assert.deepEqual(kindsFor(type("AssumedRole"), "user"), []);
  assert.deepEqual(kindsFor(type("AssumedRole"), "group"), []);
  // A group's members may get federation tokens, whose sessions are FederatedUser.
  assert.deepEqual(kindsFor(type("FederatedUser"), "group"), [...KINDS]);
});

test("grants under a condition the principal may meet are still reported, as conditional", () => {
  for (const holder of ["role", "user", "group"] as const) {
    assert.deepEqual(kindsFor({ Bool: { "aws:MultiFactorAuthPresent": "true" } }, holder), [...KINDS]);
  }
  // Members of a group each carry their own ARN: one of them may be the one named.
  assert.deepEqual(kindsFor(UNMEETABLE["another role's ARN"], "group"), [...KINDS]);
  const arn = `arn:aws:iam::${ACCOUNT}:role/subject`;
  const passRole = findingsOf(
    run(
      snapshotWith({
        roles: [role("subject", ownPolicy(STATEMENTS({ Bool: { "aws:MultiFactorAuthPresent": "true" } })))],
      }),
    ),
    "pass-role-wildcard",
    arn,
  );
  assert.equal(passRole[0]?.evidence.conditional, true);
});

test("a user that may get a federation token keeps grants for a federated user's ARN", () => {
  const condition = { ArnLike: { "aws:PrincipalArn": `arn:aws:sts::${ACCOUNT}:federated-user/*` } };
  const policy = ownPolicy([
    ...STATEMENTS(condition),
    { Effect: "Allow", Action: "sts:GetFederationToken", Resource: "*" },
  ]);
  const findings = run(snapshotWith({ users: [user("subject", policy)] }));
  const arn = `arn:aws:iam::${ACCOUNT}:user/subject`;
  assert.equal(findingsOf(findings, "pass-role-wildcard", arn).length, 1);
  assert.equal(findingsOf(findings, "credentials-exposure", arn).length, 1);
  // Without it, the user's calls carry its own ARN.
  assert.deepEqual(kindsFor(condition, "user"), []);
});
