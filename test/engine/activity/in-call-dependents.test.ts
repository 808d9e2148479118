import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { decidedByRecords, inCallDependents } from "../../../core/engine/activity/in-call-dependents.js";
import { DEPENDENT_ACTIONS } from "../../../core/engine/activity/knowledge/dependent-actions.js";
import { documentedDependents } from "../../../core/engine/activity/knowledge/documented-dependents.js";
import { UNNAMED_PASSED_ROLES } from "../../../core/engine/activity/knowledge/unnamed-passed-roles.js";
import { catalog } from "../../helpers/catalog.js";
import { realData } from "../../helpers/paths.js";

test("the documented dependents are the reference file's, entry for entry", () => {
  const reference = JSON.parse(
    readFileSync(realData("iam-data", "dependent-actions.json"), "utf8"),
  ) as Record<string, string[]>;
  const table: Record<string, string[]> = {};
  for (const [prefix, entries] of Object.entries(DEPENDENT_ACTIONS))
    for (const entry of entries.split(" ")) {
      const [name, dependents] = entry.split("=") as [string, string];
      table[`${prefix}:${name}`] = dependents.split(",");
    }
  assert.ok(Object.keys(table).length > 1000);
  assert.deepEqual(table, reference);
});

test("iam:PassRole is read from every call's role parameters", () => {
  assert.equal(decidedByRecords("ecs:RunTask", "iam:PassRole"), true);
  assert.equal(decidedByRecords("sns:CreateTopic", "IAM:PassRole"), true);
});

test("iam:PassRole is not decided by the records of a call whose request names no role", () => {
  assert.equal(decidedByRecords("ec2:EnableFastLaunch", "iam:PassRole"), false);
  assert.equal(decidedByRecords("MGN:starttest", "IAM:PassRole"), false);
  const keys = inCallDependents(catalog, catalog.action("sagemaker:CreateEdgeDeploymentPlan")!).map(
    (a) => a.key,
  );
  assert.ok(keys.includes("iam:PassRole"), keys.join());
});

test("each call whose request names no role is a catalog action documented to pass one", () => {
  for (const { action, source } of UNNAMED_PASSED_ROLES) {
    assert.equal(catalog.action(action)?.key, action);
    assert.ok(documentedDependents().get(action.toLowerCase())?.includes("iam:PassRole"), action);
    assert.match(source, /^https:\/\/docs\.aws\.amazon\.com\//);
  }
});

test("a dependent a table's rule adds from the request is decided by the record, in any casing", () => {
  assert.equal(decidedByRecords("ec2:RunInstances", "ssm:GetParameters"), true);
  assert.equal(decidedByRecords("EC2:runinstances", "ec2:CreateTags"), true);
});

test("a dependent no rule reads is not", () => {
  assert.equal(decidedByRecords("ec2:CreateVpcEndpoint", "route53:AssociateVPCWithHostedZone"), false);
  assert.equal(decidedByRecords("ec2:RunInstances", "route53:AssociateVPCWithHostedZone"), false);
});

test("an action's in-call dependents are its documented ones less those its records decide", () => {
  const keys = (key: string) => inCallDependents(catalog, catalog.action(key)!).map((a) => a.key);
  assert.deepEqual(keys("rds:SwitchoverBlueGreenDeployment"), [
    "rds:ModifyDBCluster",
    "rds:ModifyDBInstance",
    "rds:PromoteReadReplica",
    "rds:PromoteReadReplicaDBCluster",
  ]);
  assert.deepEqual(keys("ecs:RunTask"), []);
  assert.deepEqual(keys("s3:GetObject"), []);
});

test("every documented action and dependent names a catalog action", () => {
  const unknown = Object.entries(DEPENDENT_ACTIONS).flatMap(([prefix, entries]) =>
    entries.split(" ").flatMap((entry) => {
      const [name, dependents] = entry.split("=") as [string, string];
      return [`${prefix}:${name}`, ...dependents.split(",")].filter((key) => !catalog.action(key));
    }),
  );
  assert.deepEqual(unknown, []);
});
