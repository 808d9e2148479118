import assert from "node:assert/strict";
import { test } from "node:test";
import { ADMIN } from "../../helpers/policies.js";
import { snapshotWith } from "../../helpers/snapshot-fixture.js";
import { delegatingToDev, deployPath, devCi, MANAGEMENT } from "./lift-fixture.js";
import {
  DEV,
  ORG_ID,
  organizationWith,
  organizationWithRcp,
  orgReportFixture,
  PROD,
  roleIn,
  trusting,
} from "./org-fixture.js";

/**
 * Disabling a policy type in the root (organizations:DisablePolicyType, open to a delegated
 * administrator) takes every policy of that type off every root, OU and account: a caller that may
 * disable SCPs lifts any SCP block of its path, one that may disable RCPs any RCP block.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_DisablePolicyType.html
 */
const NO_ASSUME = { Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" };
const ROOT = `arn:aws:organizations::${MANAGEMENT}:root/${ORG_ID}/r-root`;
const disabling = (type?: string) =>
  delegatingToDev({
    Action: "organizations:DisablePolicyType",
    Resource: ROOT,
    ...(type ? { Condition: { StringEquals: { "organizations:PolicyType": type } } } : {}),
  });
const scpPath = async (type?: string) =>
  (await deployPath(devCi(organizationWith(NO_ASSUME)), disabling(type))).path;

test("a caller that may disable SCPs in the root lifts the SCP denying its path", async () => {
  const path = await scpPath("SERVICE_CONTROL_POLICY");
  assert.equal(path.liftsBlock, "organizations:DisablePolicyType");
  assert.equal(path.severity, "high");
});

test("one that may disable another policy type lifts nothing", async () => {
  const path = await scpPath("BACKUP_POLICY");
  assert.equal(path.liftsBlock, undefined);
  assert.equal(path.severity, "low");
});

test("one that may disable SCPs in another root lifts nothing", async () => {
  const other = delegatingToDev({
    Action: "organizations:DisablePolicyType",
    Resource: `arn:aws:organizations::${MANAGEMENT}:root/${ORG_ID}/r-other`,
  });
  const { path } = await deployPath(devCi(organizationWith(NO_ASSUME)), other);
  assert.equal(path.liftsBlock, undefined);
});

test("a caller that may disable RCPs lifts the target's RCP block", async () => {
  const prod = snapshotWith({
    accountId: PROD,
    roles: [roleIn(PROD, "Deploy", ADMIN, trusting(`arn:aws:iam::${DEV}:role/CI`))],
    organization: organizationWithRcp({
      Effect: "Deny",
      Principal: "*",
      Action: "sts:AssumeRole",
      Resource: "*",
    }),
  });
  const report = await orgReportFixture(
    [prod, devCi(organizationWith())],
    MANAGEMENT,
    undefined,
    undefined,
    disabling("RESOURCE_CONTROL_POLICY"),
  );
  const path = report.crossAccountPaths.find((p) => p.id.endsWith(":role/Deploy"));
  assert.ok(path, JSON.stringify(report.crossAccountPaths));
  assert.ok(path.blockedBy?.[0]?.includes("resource_control_policy"), JSON.stringify(path));
  assert.equal(path.liftsBlock, "organizations:DisablePolicyType");
  assert.equal(path.severity, "high");
});
