import assert from "node:assert/strict";
import { test } from "node:test";
import { ADMIN, doc } from "../../../helpers/policies.js";
import { role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, pathIds, run, trustDoc } from "./fixture.js";

// aws:RequestedRegion is the region called in the request; the caller picks it for Lambda's calls.
// iam:PassRole is no call of IAM's us-east-1 endpoint but a permission checked in the call that
// hands the role over (lambda:CreateFunction), in that call's region.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-requestedregion
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
const LAMBDA_PATH = ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"];
const inRegion = (region: string) => ({ StringEquals: { "aws:RequestedRegion": region } });

function escalation(...statements: object[]) {
  const dev = user("dev", { inlinePolicies: [{ name: "dev", document: doc(...statements) }] });
  const functionAdmin = role("function-admin", {
    trustPolicy: trustDoc({ Service: "lambda.amazonaws.com" }),
    inlinePolicies: [{ name: "admin", document: ADMIN }],
  });
  const [found] = findingsOf(
    run(snapshotWith({ users: [dev], roles: [functionAdmin] })),
    "privilege-escalation",
    dev.arn,
  );
  return { severity: found?.severity, paths: pathIds(found) };
}

test("a function passed an administrator role in the one region its caller may work in is a certain escalation", () => {
  assert.deepEqual(
    escalation({ Effect: "Allow", Action: LAMBDA_PATH, Resource: "*", Condition: inRegion("eu-west-1") }),
    {
      severity: "high",
      paths: ["lambda-001"],
    },
  );
});

test("a Deny of every call outside eu-west-1 but IAM's leaves the path certain in eu-west-1", () => {
  const outside = {
    Effect: "Deny",
    NotAction: ["iam:*", "sts:*", "organizations:*"],
    Resource: "*",
    Condition: { StringNotEquals: { "aws:RequestedRegion": ["eu-west-1"] } },
  };
  assert.deepEqual(escalation({ Effect: "Allow", Action: LAMBDA_PATH, Resource: "*" }, outside), {
    severity: "high",
    paths: ["lambda-001"],
  });
});

test("steps allowed in different regions are no path made in one region", () => {
  const found = escalation(
    { Effect: "Allow", Action: "iam:PassRole", Resource: "*", Condition: inRegion("eu-west-1") },
    { Effect: "Allow", Action: LAMBDA_PATH.slice(1), Resource: "*", Condition: inRegion("us-west-2") },
  );
  assert.notEqual(found.severity, "high", JSON.stringify(found));
});
