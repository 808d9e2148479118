import assert from "node:assert/strict";
import { test } from "node:test";
import { ownPolicy, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, run, trustDoc } from "./fixture.js";

// iam:PutUserPolicy passes no tags, so aws:TagKeys and aws:RequestTag/ are absent from its request:
// ForAllValues and IfExists conditions on them hold, and the path they guard is certain.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
for (const [name, condition] of [
  ["ForAllValues:StringEquals on aws:TagKeys", { "ForAllValues:StringEquals": { "aws:TagKeys": ["team"] } }],
  ["StringEqualsIfExists on aws:RequestTag/team", { StringEqualsIfExists: { "aws:RequestTag/team": "web" } }],
] as const) {
  test(`iam:PutUserPolicy under ${name} is a certain escalation: the call sends no tags`, () => {
    const dev = user("dev", {
      ...ownPolicy([{ Effect: "Allow", Action: "iam:PutUserPolicy", Resource: "*", Condition: condition }]),
    });
    const [finding] = findingsOf(run(snapshotWith({ users: [dev] })), "privilege-escalation", dev.arn);
    assert.equal(finding?.severity, "high", `${finding?.title} (${finding?.detail})`);
  });
}

test("iam:PutUserPolicy only when the request sends a team tag is no certain escalation", () => {
  const dev = user("dev", {
    ...ownPolicy([
      {
        Effect: "Allow",
        Action: "iam:PutUserPolicy",
        Resource: "*",
        Condition: { "ForAnyValue:StringEquals": { "aws:TagKeys": ["team"] } },
      },
    ]),
  });
  const [finding] = findingsOf(run(snapshotWith({ users: [dev] })), "privilege-escalation", dev.arn);
  assert.notEqual(finding?.severity, "high");
});

// A creating call takes tags but needs none: the caller creating a function sends none where that
// meets the condition.
const lambdaAdmin = role("admin-for-lambda", {
  trustPolicy: trustDoc({ Service: "lambda.amazonaws.com" }),
  ...ownPolicy([{ Effect: "Allow", Action: "*", Resource: "*" }]),
});

/** dev, allowed lambda:CreateFunction under `condition`, passing roles and invoking functions. */
function creating(condition: object) {
  const dev = user("dev", {
    ...ownPolicy([
      { Effect: "Allow", Action: ["iam:PassRole", "lambda:InvokeFunction"], Resource: "*" },
      { Effect: "Allow", Action: "lambda:CreateFunction", Resource: "*", Condition: condition },
    ]),
  });
  const snapshot = snapshotWith({ users: [dev], roles: [lambdaAdmin] });
  return findingsOf(run(snapshot), "privilege-escalation", dev.arn)[0];
}

test("a function created under ForAllValues on aws:TagKeys is a certain escalation: it is created untagged", () => {
  assert.equal(creating({ "ForAllValues:StringEquals": { "aws:TagKeys": ["team"] } })?.severity, "high");
});

test("a function created only with a team tag stays a conditional escalation", () => {
  assert.equal(creating({ "ForAnyValue:StringEquals": { "aws:TagKeys": ["team"] } })?.severity, "medium");
  assert.equal(creating({ Null: { "aws:RequestTag/team": "false" } })?.severity, "medium");
});
