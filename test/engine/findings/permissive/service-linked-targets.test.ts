import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { ACCOUNT, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, pathIds, policyArn, run } from "./fixture.js";

/**
 * A service-linked role is changed only by its service: IAM refuses PutRolePolicy, AttachRolePolicy
 * and UpdateAssumeRolePolicy on one with UnmodifiableEntity ("service-linked roles are protected
 * AWS resources. Only the service that depends on the service-linked role can modify or delete the
 * role on your behalf").
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAssumeRolePolicy.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachRolePolicy.html
 */
const ADMIN = doc({ Effect: "Allow", Action: "*", Resource: "*" });
const linked = role("AWSServiceRoleForThing", {
  arn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/thing.amazonaws.com/AWSServiceRoleForThing`,
  path: "/aws-service-role/thing.amazonaws.com/",
  serviceLinked: true,
  attachedPolicyArns: [policyArn("powerful")],
  trustPolicy: doc({
    Effect: "Allow",
    Principal: { Service: "thing.amazonaws.com" },
    Action: "sts:AssumeRole",
  }),
});
const caller = (...actions: string[]) =>
  user("dev", {
    inlinePolicies: [{ name: "p", document: doc({ Effect: "Allow", Action: actions, Resource: "*" }) }],
  });
const pathsOf = (dev: ReturnType<typeof user>, roles = [linked]) =>
  pathIds(
    findingsOf(
      run(snapshotWith({ users: [dev], roles, managedPolicies: managed("powerful", ADMIN) })),
      "privilege-escalation",
      dev.arn,
    )[0],
  );

describe("a service-linked role as the target of IAM's role-changing calls", () => {
  test("rewriting its trust policy is no path", () => {
    assert.deepEqual(pathsOf(caller("iam:UpdateAssumeRolePolicy")), []);
  });

  test("putting or attaching a policy on it is no path", () => {
    assert.deepEqual(pathsOf(caller("iam:PutRolePolicy", "iam:AttachRolePolicy", "sts:AssumeRole")), []);
  });

  test("an ordinary role as privileged is still one", () => {
    const plain = {
      ...linked,
      arn: `arn:aws:iam::${ACCOUNT}:role/plain`,
      name: "plain",
      path: "/",
      serviceLinked: false,
    };
    assert.deepEqual(pathsOf(caller("iam:UpdateAssumeRolePolicy"), [linked, plain]), ["iam-012"]);
  });
});
