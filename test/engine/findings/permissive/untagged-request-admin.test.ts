import assert from "node:assert/strict";
import { test } from "node:test";
import { ownPolicy, role, snapshotWith } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, run } from "./fixture.js";

// aws:TagKeys is in a request's context only when the operation passes tags; iam:PutRolePolicy
// passes none. A ForAllValues operator holds for a key the request lacks, and Null "true" asks for
// just that: every action "only when the request's tags are team" or "only when it sends no tags"
// includes writing the role itself an inline "*" on "*", which takes effect once written.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-tagkeys
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
// ("ForAllValues ... also returns true if there are no context keys in the request")
for (const [name, condition] of [
  ["ForAllValues:StringEquals on aws:TagKeys", { "ForAllValues:StringEquals": { "aws:TagKeys": ["team"] } }],
  ["Null aws:TagKeys true", { Null: { "aws:TagKeys": "true" } }],
] as const) {
  test(`every action under ${name} is the administrator it can make itself with an untagged PutRolePolicy`, () => {
    const subject = role("subject", {
      ...ownPolicy([{ Effect: "Allow", Action: "*", Resource: "*", Condition: condition }]),
    });
    const [admin] = findingsOf(run(snapshotWith({ roles: [subject] })), "admin-access", subject.arn);
    assert.equal(admin?.severity, "critical", `${admin?.title} (${admin?.detail})`);
  });
}

test("every action only when the request sends a team tag stays conditional: PutRolePolicy sends none", () => {
  const subject = role("subject", {
    ...ownPolicy([
      {
        Effect: "Allow",
        Action: "*",
        Resource: "*",
        Condition: { "ForAnyValue:StringEquals": { "aws:TagKeys": ["team"] } },
      },
    ]),
  });
  const [admin] = findingsOf(run(snapshotWith({ roles: [subject] })), "admin-access", subject.arn);
  assert.equal(admin?.severity, "high", `${admin?.title} (${admin?.detail})`);
});
