import assert from "node:assert/strict";
import { test } from "node:test";
import { crossAccountPaths } from "../../../core/engine/organization/cross-account.js";
import type { Organization } from "../../../core/engine/snapshot/model.js";
import { catalog } from "../../helpers/catalog.js";
import { ADMIN, doc } from "../../helpers/policies.js";
import { snapshotWith } from "../../helpers/snapshot-fixture.js";
import {
  ASSUME_ANY,
  DEV,
  ORG_ID,
  organizationWith,
  organizationWithRcp,
  PROD,
  roleIn,
  trusting,
} from "./org-fixture.js";

/**
 * The caller picks the STS region it calls, once for its whole request: a region the role's trust
 * policy (or its account's RCPs) admits it in only is the region its own policies and SCPs must
 * allow it to call.
 */
function pathOf(options: { ci?: object; devOrg?: Organization; trust?: object; prodOrg?: Organization }) {
  const dev = snapshotWith({
    accountId: DEV,
    roles: [roleIn(DEV, "CI", options.ci ?? ASSUME_ANY, trusting(`arn:aws:iam::${DEV}:root`))],
    ...(options.devOrg ? { organization: options.devOrg } : {}),
  });
  const prod = snapshotWith({
    accountId: PROD,
    roles: [roleIn(PROD, "Deploy", ADMIN, trusting(`arn:aws:iam::${DEV}:role/CI`, options.trust))],
    ...(options.prodOrg ? { organization: options.prodOrg } : {}),
  });
  const paths = crossAccountPaths(
    catalog,
    [
      { accountId: PROD, snapshot: prod },
      { accountId: DEV, snapshot: dev },
    ],
    ORG_ID,
  );
  assert.ok(paths.length <= 1, JSON.stringify(paths));
  const [path] = paths;
  return path ? `${path.certainty}${path.blockedBy ? " blocked" : ""}` : "no path";
}

const inRegion = (region: string) => ({ StringEquals: { "aws:RequestedRegion": region } });
const onlyUsEast1 = organizationWith({
  Effect: "Deny",
  NotAction: ["iam:*", "organizations:*"],
  Resource: "*",
  Condition: { StringNotEquals: { "aws:RequestedRegion": "us-east-1" } },
});

test("a trust policy admitting the caller only in a region its SCPs deny leaves the path blocked by them", () => {
  assert.equal(pathOf({ devOrg: onlyUsEast1, trust: inRegion("eu-west-1") }), "yes blocked");
  assert.equal(pathOf({ devOrg: onlyUsEast1, trust: inRegion("us-east-1") }), "yes");
});

test("a trust policy admitting the caller only in a region its own policies do not allow is no path", () => {
  const euOnly = doc({
    Effect: "Allow",
    Action: "sts:AssumeRole",
    Resource: "*",
    Condition: inRegion("eu-west-1"),
  });
  assert.equal(pathOf({ ci: euOnly, trust: inRegion("us-east-1") }), "no path");
  assert.equal(pathOf({ ci: euOnly, trust: inRegion("eu-west-1") }), "yes");
});

test("an RCP allowing sts:AssumeRole in one region only is read in the region the caller calls", () => {
  const rcpEuOnly = organizationWithRcp({
    Effect: "Deny",
    Principal: "*",
    Action: "sts:AssumeRole",
    Resource: "*",
    Condition: { StringNotEquals: { "aws:RequestedRegion": "eu-west-1" } },
  });
  assert.equal(pathOf({ devOrg: onlyUsEast1, prodOrg: rcpEuOnly }), "yes blocked");
  assert.equal(pathOf({ prodOrg: rcpEuOnly }), "yes");
});

test("a trust policy admitting the caller only in a region not every account has enabled leaves the path conditional", () => {
  assert.equal(pathOf({ trust: inRegion("me-south-1") }), "maybe");
});
