import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { credentials, group, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, run } from "./fixture.js";

// A console password signs its holder in to sessions whose aws:MultiFactorAuthPresent is false
// unless the user has an MFA device, which a user the credential report shows without one does not:
// what the user, or a group it is put in, allows only with MFA is not the caller's, unless someone
// may enable an MFA device for the user.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_EnableMFADevice.html
const withMfa = (...extra: object[]) =>
  doc(
    {
      Effect: "Allow",
      Action: "*",
      Resource: "*",
      Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
    },
    ...extra,
  );
const boss = user("boss", { inlinePolicies: [{ name: "a", document: withMfa() }] });
const admins = group("admins", { inlinePolicies: [{ name: "a", document: withMfa() }] });
const member = user("member");

const paths = (...actions: string[]) => {
  const helpdesk = role("helpdesk", {
    inlinePolicies: [{ name: "p", document: doc({ Effect: "Allow", Action: actions, Resource: "*" }) }],
  });
  const report = {
    [boss.arn]: credentials("boss"),
    [member.arn]: credentials("member", { password: { enabled: true, lastUsed: null } }),
  };
  const snapshot = snapshotWith({
    users: [boss, member],
    roles: [helpdesk],
    groups: [admins],
    credentials: report,
  });
  const [finding] = findingsOf(run(snapshot), "privilege-escalation", helpdesk.arn);
  return ((finding?.evidence.paths ?? []) as { id: string }[]).map((p) => p.id);
};

const CONSOLE = ["iam:CreateLoginProfile", "iam:UpdateLoginProfile", "iam:AddUserToGroup", "iam:CreateUser"];

test("a console password for a user, or a user put in a group, that is an administrator only with MFA is no path", () => {
  assert.deepEqual(paths(...CONSOLE), []);
});

test("where the caller may enable an MFA device, the paths stay", () => {
  assert.deepEqual(paths(...CONSOLE, "iam:EnableMFADevice"), [
    "iam-004",
    "whittle-group-new-user-login-profile",
    "whittle-group-user-login-profile",
    "whittle-group-user-login-profile-reset",
  ]);
});
