import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, pathIds, policyArn, run, trustDoc } from "./fixture.js";

/**
 * On a call that acts on an existing user or role (iam:PutUserPolicy, iam:AttachUserPolicy,
 * iam:DeleteUserPermissionsBoundary...), iam:PermissionsBoundary is the boundary the target has
 * now; only on the calls that set one (iam:CreateUser, iam:Put*PermissionsBoundary) is it the
 * boundary in the request. The documented delegation pattern lets a principal change only the
 * users that carry a given boundary, so a target without it, or with another, cannot be changed.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
 */
const fence = policyArn("fence");
const other = policyArn("other");
const ADMIN = { Effect: "Allow", Action: "*", Resource: "*" };
const onlyFenced = {
  Effect: "Allow",
  Action: "iam:PutUserPolicy",
  Resource: "*",
  Condition: { StringEquals: { "iam:PermissionsBoundary": fence } },
};

function escalation(statements: object[], boundary?: string, fenceAllows: object = ADMIN) {
  const policies = { ...managed("fence", doc(fenceAllows)), ...managed("other", doc(ADMIN)) };
  const dev = user("dev", {
    inlinePolicies: [{ name: "p", document: doc(...statements) }],
    ...(boundary ? { permissionsBoundaryArn: boundary } : {}),
  });
  const findings = run(snapshotWith({ users: [dev], managedPolicies: policies }));
  const found = findingsOf(findings, "privilege-escalation", dev.arn)[0];
  const paths = (found?.evidence.paths ?? []) as { certainty: string }[];
  return { severity: found?.severity, paths: pathIds(found), certainty: paths.map((p) => p.certainty) };
}

const none = { severity: undefined, paths: [], certainty: [] };

test("a user without the boundary a PutUserPolicy Allow asks of its target cannot write its own policy", () => {
  assert.deepEqual(escalation([onlyFenced]), none);
});

test("a user carrying that boundary writes its own policy, certainly, and gains what the boundary allows", () => {
  assert.deepEqual(escalation([onlyFenced], fence), {
    severity: "high",
    paths: ["iam-007"],
    certainty: ["yes"],
  });
  // A boundary allowing no more than the user has leaves it nothing to gain.
  assert.deepEqual(escalation([onlyFenced], fence, onlyFenced), none);
});

test("a user carrying another boundary cannot write its own policy", () => {
  assert.deepEqual(escalation([onlyFenced], other), none);
});

test("a Deny of every user but those carrying the boundary guards a wide Allow", () => {
  const wide = { Effect: "Allow", Action: "iam:PutUserPolicy", Resource: "*" };
  const guard = {
    Effect: "Deny",
    Action: "iam:PutUserPolicy",
    Resource: "*",
    Condition: { StringNotEquals: { "iam:PermissionsBoundary": fence } },
  };
  assert.deepEqual(escalation([wide, guard]), none);
  assert.deepEqual(escalation([wide, guard], other), none);
  assert.deepEqual(escalation([wide, guard], fence).certainty, ["yes"]);
});

test("removing its own boundary is allowed only when that boundary is the one the Allow names", () => {
  const removal = (named: string) => [
    { Effect: "Allow", Action: "s3:*", Resource: "*" },
    {
      Effect: "Allow",
      Action: "iam:DeleteUserPermissionsBoundary",
      Resource: "*",
      Condition: { StringEquals: { "iam:PermissionsBoundary": named } },
    },
  ];
  const narrow = { Effect: "Allow", Action: "iam:DeleteUserPermissionsBoundary", Resource: "*" };
  assert.deepEqual(escalation(removal(fence), fence, narrow), {
    severity: "high",
    paths: ["whittle-delete-own-user-boundary"],
    certainty: ["yes"],
  });
  assert.deepEqual(escalation(removal(other), fence, narrow), none);
});

test("a role is written to only when it carries the boundary, read from the role and not the caller", () => {
  const writeRoles = [
    { Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" },
    { ...onlyFenced, Action: "iam:PutRolePolicy" },
  ];
  const dev = user("dev", { inlinePolicies: [{ name: "p", document: doc(...writeRoles) }] });
  const paths = (boundary: string) => {
    const app = role("app", {
      trustPolicy: trustDoc({ AWS: dev.arn }),
      permissionsBoundaryArn: boundary,
    });
    const policies = { ...managed("fence", doc(ADMIN)), ...managed("other", doc(ADMIN)) };
    const findings = run(snapshotWith({ users: [dev], roles: [app], managedPolicies: policies }));
    const found = findingsOf(findings, "privilege-escalation", dev.arn)[0];
    return ((found?.evidence.paths ?? []) as { id: string; certainty: string }[]).map(
      (p) => `${p.id} ${p.certainty}`,
    );
  };
  assert.deepEqual(paths(fence), ["iam-005 yes"]);
  assert.deepEqual(paths(other), []);
});
