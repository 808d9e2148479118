import assert from "node:assert/strict";
import { test } from "node:test";
import type { PrincipalAccess } from "../../../../core/engine/account/permissions.js";
import { nameable } from "../../../../core/engine/findings/permissive/escalation/nameable.js";
import { parsePolicy } from "../../../../core/engine/policy/parse.js";
import { PrincipalPermissions } from "../../../../core/engine/policy/principal-permissions.js";
import { catalog } from "../../../helpers/catalog.js";

const arn = (name: string) => ({ arn: `arn:aws:iam::111122223333:role/${name}` });
const subjectWith = (...statements: object[]) => {
  const { policy } = parsePolicy({ Version: "2012-10-17", Statement: statements }, { kind: "identity" });
  const permissions = new PrincipalPermissions(catalog, { identity: [{ source: "p", policy: policy! }] });
  return { permissions } as PrincipalAccess;
};
const passRole = catalog.action("iam:PassRole")!;
const names = (list: readonly { arn: string }[]) => list.map((r) => r.arn.split("/").slice(1).join("/"));

test("the roles a subject's Resource patterns could name, in list order, and every role when a pattern could name anything", () => {
  const roles = ["app-1", "svc/app-2", "admin", "app-3", "svc/db"].map(arn);
  const pass = (Resource: unknown, extra: object = {}) => ({
    Effect: "Allow",
    Action: "iam:PassRole",
    Resource,
    ...extra,
  });
  const cases: [object[], string[]][] = [
    [[pass("arn:aws:iam::111122223333:role/app-*")], ["app-1", "app-3"]],
    [
      [
        pass("arn:aws:iam::*:role/svc/d*"),
        pass(["arn:aws:iam::111122223333:role/admin", "arn:aws:iam::*:role/app-?"]),
      ],
      ["app-1", "admin", "app-3", "svc/db"],
    ],
    [[pass("arn:aws:iam::111122223333:role/nothing*")], []],
    [[pass("*")], names(roles)],
    [[pass("arn:aws:iam::111122223333:role/${aws:username}")], names(roles)],
    [[{ Effect: "Allow", Action: "iam:PassRole", NotResource: "arn:aws:iam::*:role/admin" }], names(roles)],
    // A Deny names nothing the subject may do; another action's Allow is not looked at.
    [
      [
        { Effect: "Deny", Action: "iam:PassRole", Resource: "*" },
        { Effect: "Allow", Action: "s3:*", Resource: "*" },
      ],
      [],
    ],
  ];
  for (const [statements, expected] of cases)
    assert.deepEqual(
      names(nameable(subjectWith(...statements), passRole, roles)),
      expected,
      JSON.stringify(statements),
    );
  // A list that grows is matched again, not answered from what its shorter self held.
  roles.push(arn("app-4"));
  assert.deepEqual(names(nameable(subjectWith(cases[0]![0][0]!), passRole, roles)), [
    "app-1",
    "app-3",
    "app-4",
  ]);
});
