import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, pathIds, run } from "./fixture.js";

// "The aws:MultiFactorAuthPresent key is not present when an API or CLI command is called with
// long-term credentials, such as user access key pairs": a Bool condition on it does not match
// such a call, and a BoolIfExists "false" one does. MFA comes only with a device of the user's
// (GetSessionToken's SerialNumber and TokenCode), which whoever creates a key for the user holds
// only if someone may enable one for it.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent
// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_EnableMFADevice.html
const withMfa = { Bool: { "aws:MultiFactorAuthPresent": "true" } };
const boss = (...statements: object[]) =>
  user("boss", { inlinePolicies: [{ name: "admin", document: doc(...statements) }] });
const MFA_ADMIN = { Effect: "Allow", Action: "*", Resource: "*", Condition: withMfa };

const escalation = (target: ReturnType<typeof boss>, ...statements: object[]) => {
  const dev = user("dev", {
    inlinePolicies: [
      {
        name: "p",
        document: doc(
          { Effect: "Allow", Action: "iam:CreateAccessKey", Resource: target.arn },
          ...statements,
        ),
      },
    ],
  });
  return findingsOf(run(snapshotWith({ users: [dev, target] })), "privilege-escalation", dev.arn)[0];
};

test("an access key for an administrator only with MFA gives nothing: no path", () => {
  assert.equal(escalation(boss(MFA_ADMIN)), undefined);
});

test("an access key for an administrator behind a BoolIfExists force-MFA Deny gives nothing: no path", () => {
  const forceMfa = {
    Effect: "Deny",
    Action: "*",
    Resource: "*",
    Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
  };
  assert.equal(escalation(boss({ Effect: "Allow", Action: "*", Resource: "*" }, forceMfa)), undefined);
});

test("an access key for an administrator whose key calls need no MFA stays a certain path", () => {
  const finding = escalation(boss({ Effect: "Allow", Action: "*", Resource: "*" }));
  assert.deepEqual(pathIds(finding), ["iam-002"]);
  assert.equal(finding?.severity, "high");
});

test("a caller that may enable an MFA device keeps the path: the key then gets MFA sessions", () => {
  const enable = { Effect: "Allow", Action: "iam:EnableMFADevice", Resource: "*" };
  assert.deepEqual(pathIds(escalation(boss(MFA_ADMIN), enable)), ["iam-002"]);
});

test("an administrator that may enable its own MFA device keeps the path, its new key doing so", () => {
  const selfManage = { Effect: "Allow", Action: "iam:EnableMFADevice", Resource: "*" };
  assert.deepEqual(pathIds(escalation(boss(MFA_ADMIN, selfManage))), ["iam-002"]);
});
