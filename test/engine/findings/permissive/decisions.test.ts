import assert from "node:assert/strict";
import { test } from "node:test";
import { decisionsOn } from "../../../../core/engine/findings/permissive/escalation/decisions.js";
import { makeContext } from "../../../../core/engine/policy/context.js";
import { parsePolicy } from "../../../../core/engine/policy/parse.js";
import { PrincipalPermissions } from "../../../../core/engine/policy/principal-permissions.js";
import { catalog } from "../../../helpers/catalog.js";

const role = (name: string) => `arn:aws:iam::111122223333:role/${name}`;
const RESOURCES = [role("app"), role("admin"), role("team/app"), "arn:aws:iam::444455556666:role/other", "*"];
const permissionsOf = (...statements: object[]) => {
  const { policy } = parsePolicy({ Version: "2012-10-17", Statement: statements }, { kind: "identity" });
  return new PrincipalPermissions(catalog, { identity: [{ source: "p", policy: policy! }] });
};
const allow = (resource: unknown, extra: object = {}) => ({
  Effect: "Allow",
  Action: "sts:AssumeRole",
  Resource: resource,
  ...extra,
});

test("decisions per resource are the evaluator's, whether or not the resource can change them", () => {
  const context = makeContext({ "aws:PrincipalArn": role("caller") });
  const cases = [
    [allow("*")],
    [allow(["arn:aws:iam::*:role/team/*", "*"])],
    [allow("*", { Condition: { StringEquals: { "aws:RequestedRegion": "eu-west-1" } } })],
    // Not the same for every resource: a pattern, a Deny on one role, NotResource, a variable.
    [allow(role("app"))],
    [allow("*"), { Effect: "Deny", Action: "sts:*", Resource: role("admin") }],
    [{ Effect: "Allow", Action: "sts:AssumeRole", NotResource: role("admin") }],
    [allow("arn:aws:iam::111122223333:role/${aws:PrincipalTag/team}/*")],
    [{ Effect: "Allow", NotAction: "s3:*", Resource: "arn:aws:iam::111122223333:role/team/*" }],
    [],
  ];
  for (const statements of cases) {
    const permissions = permissionsOf(...statements);
    const decide = decisionsOn(permissions, "sts:AssumeRole", context).on;
    const expected = RESOURCES.map(
      (resource) => permissions.evaluate({ action: "sts:AssumeRole", resource, context }).decision,
    );
    // Asked in both orders, so a decision remembered from the first resource cannot hide a difference.
    assert.deepEqual(RESOURCES.map(decide), expected, JSON.stringify(statements));
    const reversed = decisionsOn(permissions, "sts:AssumeRole", context).on;
    assert.deepEqual(
      [...RESOURCES].reverse().map(reversed),
      [...expected].reverse(),
      JSON.stringify(statements),
    );
  }
});
