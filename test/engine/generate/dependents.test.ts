import assert from "node:assert/strict";
import { test } from "node:test";
import { Catalog } from "../../../core/engine/catalog/catalog.js";
import { dependentsOf } from "../../../core/engine/generate/dependents.js";
import { catalog } from "../../helpers/catalog.js";

const keys = (c: Catalog, key: string) => dependentsOf(c, c.action(key)!).map((a) => a.key);

test("each action brings its own companion actions, asked in any order", () => {
  assert.deepEqual(keys(catalog, "logs:CreateLogStream"), ["logs:PutLogEvents"]);
  assert.deepEqual(keys(catalog, "s3:GetObject"), []);
  assert.deepEqual(keys(catalog, "logs:CreateLogStream"), ["logs:PutLogEvents"]);
});

test("the same action id in another catalog resolves its dependent actions against that catalog", () => {
  const action = (name: string, dependentActions: string[]) => ({
    name,
    accessLevel: "Write",
    resourceTypes: [],
    conditionKeys: [],
    dependentActions,
  });
  const build = (dependent: string) =>
    new Catalog({
      version: "test",
      globalConditionKeys: [],
      services: {
        svc: {
          name: "Service",
          actions: { a: action("A", [dependent]), b: action("B", []), c: action("C", []) },
          resourceTypes: {},
          conditionKeys: {},
        },
      },
    } as unknown as ConstructorParameters<typeof Catalog>[0]);
  assert.deepEqual(keys(build("svc:B"), "svc:A"), ["svc:B"]);
  assert.deepEqual(keys(build("svc:C"), "svc:A"), ["svc:C"]);
  assert.deepEqual(keys(build("svc:Missing"), "svc:A"), []);
});

test("an action the catalog lists none for brings the dependent actions AWS documents for it", () => {
  assert.deepEqual(keys(catalog, "ec2:CreateVpcEndpoint"), [
    "ec2:CreateTags",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeSubnets",
    "ec2:DescribeVpcs",
    "route53:AssociateVPCWithHostedZone",
  ]);
  assert.deepEqual(keys(catalog, "scheduler:DeleteScheduleGroup"), ["scheduler:DeleteSchedule"]);
});

test("a dependent the call's record shows needed or not is left to the mapped calls", () => {
  // The pass-role scan credits the role a call names; the Lambda and EC2 tables' rules read a
  // function's capacity provider, an instance's tags and image parameter from the request.
  assert.deepEqual(keys(catalog, "lambda:CreateCapacityProvider"), [
    "iam:CreateServiceLinkedRole",
    "kms:DescribeKey",
  ]);
  assert.deepEqual(keys(catalog, "lambda:CreateFunction"), []);
  assert.deepEqual(keys(catalog, "ec2:RunInstances"), []);
  assert.deepEqual(keys(catalog, "ecs:RunTask"), []);
});
