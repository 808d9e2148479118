import assert from "node:assert/strict";
import { test } from "node:test";
import { ACCOUNT, group, ownPolicy, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, policyArn, run } from "./fixture.js";

/**
 * A user whose every action comes through a group: what its own calls carry (its ARN, its user
 * name, principal type User, its account) decides the conditions on them, while the group's members
 * are users, whose calls never carry a role's principal type; a federated user's session (a user
 * that may call sts:GetFederationToken) carries FederatedUser, and may call no IAM action.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principaltype
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html
 */
const FULL = { Effect: "Allow", Action: "*", Resource: "*" };
const DEV = `arn:aws:iam::${ACCOUNT}:user/dev`;
const ADMINS = `arn:aws:iam::${ACCOUNT}:group/admins`;

interface Setup {
  groupStatements: object[];
  userStatements?: object[];
  boundary?: object[];
}

function severities({ groupStatements, userStatements, boundary }: Setup) {
  const dev = user("dev", {
    groups: ["admins"],
    ...(userStatements ? ownPolicy(userStatements) : {}),
    ...(boundary ? { permissionsBoundaryArn: policyArn("fence") } : {}),
  });
  const admins = group("admins", ownPolicy(groupStatements));
  const managedPolicies = boundary ? managed("fence", { Version: "2012-10-17", Statement: boundary }) : {};
  const findings = run(snapshotWith({ users: [dev], groups: [admins], managedPolicies }));
  const of = (arn: string) => findingsOf(findings, "admin-access", arn)[0]?.severity;
  return { dev: of(DEV), group: of(ADMINS) };
}

test("every action from a group is a full administrator for its member", () => {
  assert.deepEqual(severities({ groupStatements: [FULL] }), { dev: "critical", group: "critical" });
});

test("every action from a group only for a role's principal type is no administrator, for the group nor its member", () => {
  const roleOnly = { ...FULL, Condition: { StringEquals: { "aws:PrincipalType": "AssumedRole" } } };
  assert.deepEqual(severities({ groupStatements: [roleOnly] }), { dev: undefined, group: undefined });
});

test("every action from a group for one member's name makes that member an administrator in full", () => {
  const named = { ...FULL, Condition: { StringEquals: { "aws:username": "dev" } } };
  assert.deepEqual(severities({ groupStatements: [named] }), { dev: "critical", group: "high" });
  const other = { ...FULL, Condition: { StringEquals: { "aws:username": "someone-else" } } };
  // Someone else may join the group: the group stays a conditional administrator, the member none.
  assert.deepEqual(severities({ groupStatements: [other] }), { dev: undefined, group: "high" });
});

test("every action from a group beside a user-level Deny that the member's own calls escape is a full administrator", () => {
  // Denies federated sessions only: the user's own calls are never denied.
  const denyFederated = {
    Effect: "Deny",
    Action: "*",
    Resource: "*",
    Condition: { StringEquals: { "aws:PrincipalType": "FederatedUser" } },
  };
  assert.equal(severities({ groupStatements: [FULL], userStatements: [denyFederated] }).dev, "critical");
});

test("every action from a group beside a user-level Deny of the member's own calls is no administrator", () => {
  const denyOwn = {
    Effect: "Deny",
    Action: "*",
    Resource: "*",
    Condition: { StringEquals: { "aws:PrincipalArn": DEV } },
  };
  assert.equal(severities({ groupStatements: [FULL], userStatements: [denyOwn] }).dev, undefined);
});

test("every action from a group under a boundary that allows only the member's own calls is a full administrator", () => {
  const ownOnly = [{ ...FULL, Condition: { ArnEquals: { "aws:PrincipalArn": DEV } } }];
  assert.equal(severities({ groupStatements: [FULL], boundary: ownOnly }).dev, "critical");
});

test("every action from a group under a boundary for another account, or a role's principal type, is no administrator", () => {
  const otherAccount = [{ ...FULL, Condition: { StringEquals: { "aws:PrincipalAccount": "999988887777" } } }];
  assert.equal(severities({ groupStatements: [FULL], boundary: otherAccount }).dev, undefined);
  const roleOnly = [{ ...FULL, Condition: { StringEquals: { "aws:PrincipalType": "AssumedRole" } } }];
  assert.equal(severities({ groupStatements: [FULL], boundary: roleOnly }).dev, undefined);
});

test("every action from a group under a boundary for federated sessions stays conditional for a member that may federate", () => {
  // Its federated sessions get every action but IAM's: an administrator under a condition.
  const federatedOnly = [
    { ...FULL, Condition: { StringEquals: { "aws:PrincipalType": "FederatedUser" } } },
    { Effect: "Allow", Action: "sts:GetFederationToken", Resource: "*" },
  ];
  assert.equal(severities({ groupStatements: [FULL], boundary: federatedOnly }).dev, "high");
});
