import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, policyArn, run } from "./fixture.js";

/** The admin-access severity of a user or role allowed `*` on `*` under `condition`. */
function adminSeverity(condition: object, kind: "user" | "role" = "user") {
  const make = kind === "user" ? user : role;
  const dev = make("dev", { attachedPolicyArns: [policyArn("p")] });
  const document = doc({ Effect: "Allow", Action: "*", Resource: "*", Condition: condition });
  const snapshot = snapshotWith({
    ...(kind === "user"
      ? { users: [dev as ReturnType<typeof user>] }
      : { roles: [dev as ReturnType<typeof role>] }),
    managedPolicies: managed("p", document),
  });
  return findingsOf(run(snapshot), "admin-access", dev.arn)[0]?.severity;
}

// Every call a user signs with its own credentials carries its unique ID (AIDA…) as aws:userid.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-userid
test("a user allowed everything under a condition on its own unique ID is a full administrator", () => {
  const id = user("dev").id;
  assert.equal(adminSeverity({ StringLike: { "aws:userid": "*" } }), "critical");
  assert.equal(adminSeverity({ StringEquals: { "aws:userid": id } }), "critical");
  assert.equal(adminSeverity({ StringLike: { "aws:userid": "AIDA*" } }), "critical");
});

test("another unique ID, or a role's session (its ID and session name), leaves it conditional", () => {
  assert.equal(adminSeverity({ StringEquals: { "aws:userid": "AIDAother" } }), undefined);
  assert.equal(adminSeverity({ StringLike: { "aws:userid": "AROA*" } }, "role"), "high");
});
