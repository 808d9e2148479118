import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { credentials, group, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, run } from "./fixture.js";

// A user added to a group, then given an access key, acts through that key: "The
// aws:MultiFactorAuthPresent key is not present when an API or CLI command is called with
// long-term credentials, such as user access key pairs", so what the group allows only with MFA is
// not the caller's, unless someone may enable an MFA device for the user.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_EnableMFADevice.html
const mfaAdmins = group("admins", {
  inlinePolicies: [
    {
      name: "a",
      document: doc({
        Effect: "Allow",
        Action: "*",
        Resource: "*",
        Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
      }),
    },
  ],
});
const member = user("member");

const paths = (...actions: string[]) => {
  const helpdesk = role("helpdesk", {
    inlinePolicies: [{ name: "p", document: doc({ Effect: "Allow", Action: actions, Resource: "*" }) }],
  });
  const snapshot = snapshotWith({
    users: [member],
    roles: [helpdesk],
    groups: [mfaAdmins],
    credentials: { [member.arn]: credentials("member") },
  });
  const [finding] = findingsOf(run(snapshot), "privilege-escalation", helpdesk.arn);
  return ((finding?.evidence.paths ?? []) as { id: string; certainty: string }[]).map(
    (p) => `${p.id}:${p.certainty}`,
  );
};

test("a group that is an administrator only with MFA gives a user's new access key nothing", () => {
  assert.deepEqual(paths("iam:AddUserToGroup", "iam:CreateUser", "iam:CreateAccessKey"), []);
});

test("where the caller may enable an MFA device, the key's user gets MFA sessions: the paths stay", () => {
  assert.deepEqual(
    paths("iam:AddUserToGroup", "iam:CreateUser", "iam:CreateAccessKey", "iam:EnableMFADevice"),
    ["whittle-group-new-user:yes", "whittle-group-user-access-key:yes"],
  );
});

test("a group that is an administrator without MFA stays a certain path through a new key", () => {
  const admins = group("admins", {
    inlinePolicies: [{ name: "a", document: doc({ Effect: "Allow", Action: "*", Resource: "*" }) }],
  });
  const helpdesk = role("helpdesk", {
    inlinePolicies: [
      {
        name: "p",
        document: doc({
          Effect: "Allow",
          Action: ["iam:AddUserToGroup", "iam:CreateAccessKey"],
          Resource: "*",
        }),
      },
    ],
  });
  const snapshot = snapshotWith({ users: [member], roles: [helpdesk], groups: [admins] });
  const [finding] = findingsOf(run(snapshot), "privilege-escalation", helpdesk.arn);
  const found = (finding?.evidence.paths ?? []) as { id: string; certainty: string }[];
  assert.deepEqual(
    found.map((p) => `${p.id}:${p.certainty}`),
    ["whittle-group-user-access-key:yes"],
  );
});
