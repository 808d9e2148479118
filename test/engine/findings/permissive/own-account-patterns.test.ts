import assert from "node:assert/strict";
import { test } from "node:test";
import type { FindingKind } from "../../../../core/engine/findings/types.js";
import { doc } from "../../../helpers/policies.js";
import { ACCOUNT, role, snapshotWith } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, policyArn, run } from "./fixture.js";

/**
 * A pattern naming every resource of a type in the principal's own account, in every region, is
 * every resource of that type the principal can act on without another account's resource policy:
 * graded as `*` is, not as a deliberate scope.
 */
const severities = (statement: object, kind: FindingKind) => {
  const app = role("app", { attachedPolicyArns: [policyArn("p")] });
  const findings = run(snapshotWith({ roles: [app], managedPolicies: managed("p", doc(statement)) }));
  return findingsOf(findings, kind, app.arn).map((f) => f.severity);
};

const cases: { kind: FindingKind; Action: string; own: string; other: string }[] = [
  {
    kind: "data-exfiltration",
    Action: "secretsmanager:GetSecretValue",
    own: `arn:aws:secretsmanager:*:${ACCOUNT}:secret:*`,
    other: "arn:aws:secretsmanager:*:999999999999:secret:*",
  },
  {
    kind: "data-exfiltration",
    Action: "ssm:GetParameter",
    own: `arn:aws:ssm:*:${ACCOUNT}:parameter*`,
    other: `arn:aws:ssm:*:${ACCOUNT}:parameter/app/*`,
  },
  {
    kind: "credentials-exposure",
    Action: "iam:CreateAccessKey",
    own: `arn:aws:iam::${ACCOUNT}:user/*`,
    other: `arn:aws:iam::${ACCOUNT}:user/ci/*`,
  },
  {
    kind: "resource-exposure",
    Action: "iam:PutRolePolicy",
    own: `arn:aws:iam::${ACCOUNT}:role/*`,
    other: "arn:aws:iam::999999999999:role/*",
  },
  {
    kind: "resource-exposure",
    Action: "secretsmanager:PutResourcePolicy",
    own: `arn:aws:secretsmanager:*:${ACCOUNT}:secret:*`,
    other: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:*`,
  },
];

for (const { kind, Action, own, other } of cases) {
  test(`${kind}: ${Action} on every resource of the own account is graded as on *`, () => {
    const star = severities({ Effect: "Allow", Action, Resource: "*" }, kind);
    assert.equal(star.length, 1);
    assert.deepEqual(severities({ Effect: "Allow", Action, Resource: own }, kind), star, own);
    // Another account's, one path's or one region's resources stay a scope.
    assert.deepEqual(severities({ Effect: "Allow", Action, Resource: other }, kind), [], other);
  });
}

test("the same under a condition: one step lower, as on *", () => {
  const Condition = { StringEquals: { "aws:RequestTag/team": "a" } };
  const Action = "secretsmanager:GetSecretValue";
  const star = severities({ Effect: "Allow", Action, Resource: "*", Condition }, "data-exfiltration");
  const own = `arn:aws:secretsmanager:*:${ACCOUNT}:secret:*`;
  assert.deepEqual(
    severities({ Effect: "Allow", Action, Resource: own, Condition }, "data-exfiltration"),
    star,
  );
});

test("resource-wildcard: write actions on every resource of the own account could be scoped", () => {
  const Action = ["secretsmanager:PutSecretValue", "secretsmanager:DeleteSecret"];
  const star = severities({ Effect: "Allow", Action, Resource: "*" }, "resource-wildcard");
  assert.equal(star.length, 1);
  const own = `arn:aws:secretsmanager:*:${ACCOUNT}:secret:*`;
  assert.deepEqual(severities({ Effect: "Allow", Action, Resource: own }, "resource-wildcard"), star);
});
