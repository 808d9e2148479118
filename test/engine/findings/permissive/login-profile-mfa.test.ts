import assert from "node:assert/strict";
import { test } from "node:test";
import { ADMIN, doc } from "../../../helpers/policies.js";
import { credentials, group, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, pathIds, run } from "./fixture.js";

/**
 * An enabled MFA device "is required for every subsequent login by the IAM user associated with the
 * device": a console password set for a user the credential report shows with MFA active signs the
 * caller in nowhere without that device, unless the caller may enable a device of its own for the
 * user, or deactivate the user's (DeactivateMFADevice takes no code from the device).
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_EnableMFADevice.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeactivateMFADevice.html
 */
const boss = user("boss", { inlinePolicies: [{ name: "a", document: ADMIN }] });

const escalation = (actions: string[], mfa: boolean, password = false) => {
  const helpdesk = user("helpdesk", {
    inlinePolicies: [{ name: "p", document: doc({ Effect: "Allow", Action: actions, Resource: boss.arn }) }],
  });
  const report = {
    [boss.arn]: credentials("boss", {
      mfa: { active: mfa },
      password: { enabled: password, lastUsed: null },
    }),
  };
  return findingsOf(
    run(snapshotWith({ users: [helpdesk, boss], credentials: report })),
    "privilege-escalation",
    helpdesk.arn,
  )[0];
};

test("a console password for an administrator with MFA active is no path", () => {
  assert.equal(escalation(["iam:CreateLoginProfile"], true), undefined);
  assert.equal(escalation(["iam:UpdateLoginProfile"], true, true), undefined);
});

test("without MFA, or where the caller may enable or deactivate a device of the user's, the path stays", () => {
  assert.deepEqual(pathIds(escalation(["iam:CreateLoginProfile"], false)), ["iam-004"]);
  assert.deepEqual(pathIds(escalation(["iam:UpdateLoginProfile"], false, true)), ["iam-006"]);
  for (const mfa of ["iam:EnableMFADevice", "iam:DeactivateMFADevice"]) {
    assert.deepEqual(pathIds(escalation(["iam:CreateLoginProfile", mfa], true)), ["iam-004"], mfa);
    assert.deepEqual(pathIds(escalation(["iam:UpdateLoginProfile", mfa], true, true)), ["iam-006"], mfa);
  }
});

test("a user with MFA active added to an administrators' group gives no console way in either", () => {
  const admins = group("admins", { inlinePolicies: [{ name: "a", document: ADMIN }] });
  const member = user("member");
  const helpdesk = user("helpdesk", {
    inlinePolicies: [
      {
        name: "p",
        document: doc(
          { Effect: "Allow", Action: "iam:AddUserToGroup", Resource: admins.arn },
          { Effect: "Allow", Action: "iam:UpdateLoginProfile", Resource: member.arn },
        ),
      },
    ],
  });
  const report = (mfa: boolean) => ({
    [member.arn]: credentials("member", {
      mfa: { active: mfa },
      password: { enabled: true, lastUsed: null },
    }),
  });
  const paths = (mfa: boolean) =>
    pathIds(
      findingsOf(
        run(snapshotWith({ users: [helpdesk, member], groups: [admins], credentials: report(mfa) })),
        "privilege-escalation",
        helpdesk.arn,
      )[0],
    );
  assert.ok(paths(false).includes("whittle-group-user-login-profile-reset"));
  assert.ok(!paths(true).includes("whittle-group-user-login-profile-reset"));
});
