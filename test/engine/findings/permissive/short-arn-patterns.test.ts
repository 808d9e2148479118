import assert from "node:assert/strict";
import { test } from "node:test";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, run, trustDoc } from "./fixture.js";

const ADMIN = { Effect: "Allow", Action: "*", Resource: "*" };

// IAM documents ARN operators as comparing each of an ARN's six components, not what a pattern of
// fewer (`*`, `arn:aws:iam::ACCOUNT*`) does: where its components match the caller's ARN, the
// condition is undecided, not taken as unmet. A role whose trust lets any AWS principal in under
// ArnLike `*` is reported as one any principal may perhaps assume.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
test('a trust of any AWS principal under ArnLike aws:PrincipalArn "*" is reported, not read as closed', () => {
  const open = role("open", {
    ...ownPolicy([ADMIN]),
    trustPolicy: trustDoc({ AWS: "*" }, { ArnLike: { "aws:PrincipalArn": "*" } }),
  });
  const [found] = findingsOf(run(snapshotWith({ roles: [open] })), "trust-any-principal", open.arn);
  assert.ok(found, "any principal may perhaps assume the role");
  assert.notEqual(found.severity, "critical", "the pattern's reading is undocumented: not a certainty");
});

test("everything allowed beside a Deny of callers not ArnLike a short pattern of its own account is a conditional administrator", () => {
  const guarded = (pattern: string) =>
    role("app", {
      ...ownPolicy([
        ADMIN,
        {
          Effect: "Deny",
          Action: "*",
          Resource: "*",
          Condition: { ArnNotLike: { "aws:PrincipalArn": pattern } },
        },
      ]),
    });
  const own = guarded(`arn:aws:iam::${ACCOUNT}*`);
  const [admin] = findingsOf(run(snapshotWith({ roles: [own] })), "admin-access", own.arn);
  assert.ok(admin, "the Deny may not apply to the role's own calls");
  assert.notEqual(admin.severity, "critical");
  // Another account's pattern differs in the account component, whatever the rest: the Deny applies.
  const other = guarded("arn:aws:iam::999999999999*");
  assert.deepEqual(findingsOf(run(snapshotWith({ roles: [other] })), "admin-access", other.arn), []);
});
