import assert from "node:assert/strict";
import { test } from "node:test";
import { ACCOUNT, group, ownPolicy, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, run } from "./fixture.js";

/**
 * Every action on every resource under a condition that no call of the principal's own can meet is
 * no administrator: a role session's aws:PrincipalArn is the role's, its account is the snapshot's,
 * aws:PrincipalIsAWSService is false for a call an IAM principal signs, and a date already past
 * stays past.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalisawsservice
 */
const allUnder = (condition: object) => ({
  Effect: "Allow",
  Action: "*",
  Resource: "*",
  Condition: condition,
});

function adminSeverity(condition: object, principal: "role" | "user" = "role") {
  const statements = [allUnder(condition)];
  const snapshot =
    principal === "role"
      ? snapshotWith({ roles: [role("subject", ownPolicy(statements))] })
      : snapshotWith({ users: [user("subject", ownPolicy(statements))] });
  const arn = `arn:aws:iam::${ACCOUNT}:${principal}/subject`;
  return findingsOf(run(snapshot), "admin-access", arn)[0]?.severity;
}

test("every action only for another role's ARN, another account, or an AWS service is no administrator", () => {
  assert.equal(
    adminSeverity({ StringEquals: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/other` } }),
    undefined,
  );
  assert.equal(adminSeverity({ StringEquals: { "aws:PrincipalAccount": "999988887777" } }), undefined);
  assert.equal(adminSeverity({ Bool: { "aws:PrincipalIsAWSService": "true" } }), undefined);
  assert.equal(adminSeverity({ StringEquals: { "aws:username": "someone-else" } }, "user"), undefined);
});

test("every action until a date already past is no administrator", () => {
  assert.equal(adminSeverity({ DateLessThan: { "aws:CurrentTime": "2020-01-01T00:00:00Z" } }), undefined);
});

test("a date without an offset is UTC whatever the host's zone, as the evaluation reads it", () => {
  // Five hours after the snapshot in UTC; in Tokyo's zone it would read as a moment already past.
  const zone = process.env.TZ;
  process.env.TZ = "Asia/Tokyo";
  try {
    assert.equal(adminSeverity({ DateGreaterThan: { "aws:CurrentTime": "2026-01-01T05:00:00" } }), "high");
  } finally {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  }
});

test("every action from a date to come, or in a window to come, stays a conditional administrator", () => {
  assert.equal(adminSeverity({ DateGreaterThan: { "aws:CurrentTime": "2030-01-01T00:00:00Z" } }), "high");
  assert.equal(
    adminSeverity({
      DateGreaterThan: { "aws:CurrentTime": "2030-01-01T00:00:00Z" },
      DateLessThan: { "aws:CurrentTime": "2031-01-01T00:00:00Z" },
    }),
    "high",
  );
});

test("every action under a condition the principal may meet stays a conditional administrator", () => {
  assert.equal(adminSeverity({ Bool: { "aws:SecureTransport": "false" } }), "high");
  assert.equal(adminSeverity({ Bool: { "aws:MultiFactorAuthPresent": "true" } }), "high");
  assert.equal(
    adminSeverity({ StringLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/sub*` } }),
    "critical",
  );
});

/**
 * A user's policies also govern the federation token sessions it gets with sts:GetFederationToken,
 * whose aws:PrincipalType is FederatedUser and aws:PrincipalArn the federated user's sts ARN, so a
 * user that may get one can meet such a condition.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principaltype
 */
function federatingUserSeverity(condition: object, federate: boolean) {
  const statements: object[] = [allUnder(condition)];
  if (federate) statements.push({ Effect: "Allow", Action: "sts:GetFederationToken", Resource: "*" });
  const snapshot = snapshotWith({ users: [user("subject", ownPolicy(statements))] });
  return findingsOf(run(snapshot), "admin-access", `arn:aws:iam::${ACCOUNT}:user/subject`)[0]?.severity;
}

test("every action for a federated user session stays a conditional administrator for a user that may federate", () => {
  const federated = { StringEquals: { "aws:PrincipalType": "FederatedUser" } };
  const byArn = { ArnLike: { "aws:PrincipalArn": `arn:aws:sts::${ACCOUNT}:federated-user/*` } };
  assert.equal(federatingUserSeverity(federated, true), "high");
  assert.equal(federatingUserSeverity(byArn, true), "high");
  assert.equal(federatingUserSeverity(federated, false), undefined);
  assert.equal(federatingUserSeverity(byArn, false), undefined);
});

test("every action for a federated user session stays a conditional administrator for a group, whose members may federate", () => {
  const statements = [allUnder({ StringEquals: { "aws:PrincipalType": "FederatedUser" } })];
  const snapshot = snapshotWith({ groups: [group("team", ownPolicy(statements))] });
  const arn = `arn:aws:iam::${ACCOUNT}:group/team`;
  assert.equal(findingsOf(run(snapshot), "admin-access", arn)[0]?.severity, "high");
});
