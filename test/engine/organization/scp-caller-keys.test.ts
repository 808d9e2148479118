import assert from "node:assert/strict";
import { test } from "node:test";
import { crossAccountPaths } from "../../../core/engine/organization/cross-account.js";
import { catalog } from "../../helpers/catalog.js";
import { ADMIN } from "../../helpers/policies.js";
import { snapshotWith } from "../../helpers/snapshot-fixture.js";
import { ASSUME_ANY, DEV, ORG_ID, organizationWith, PROD, roleIn, trusting } from "./org-fixture.js";

/**
 * The caller of sts:AssumeRole picks the STS region it calls, and calls over TLS: an SCP of its
 * account that denies other regions, or plain HTTP, does not stand in its way while a region it
 * allows exists. Keys it does not choose, such as MFA on the credentials it holds, stay open.
 */
const GUARD = `arn:aws:organizations::999999999999:policy/${ORG_ID}/service_control_policy/p-guard`;
const deploy = roleIn(PROD, "Deploy", ADMIN, trusting(`arn:aws:iam::${DEV}:role/CI`));
const ci = roleIn(DEV, "CI", ASSUME_ANY, trusting(`arn:aws:iam::${DEV}:root`));
const GLOBAL = ["iam:*", "organizations:*", "support:*", "cloudfront:*", "route53:*"];

const pathUnder = (...statements: object[]) => {
  const found = crossAccountPaths(
    catalog,
    [
      { accountId: PROD, snapshot: snapshotWith({ accountId: PROD, roles: [deploy] }) },
      {
        accountId: DEV,
        snapshot: snapshotWith({
          accountId: DEV,
          roles: [ci],
          organization: organizationWith(...statements),
        }),
      },
    ],
    ORG_ID,
  );
  assert.equal(found.length, 1, JSON.stringify(found));
  return found[0]!;
};

const regionDeny = (condition: object) => ({
  Effect: "Deny",
  NotAction: GLOBAL,
  Resource: "*",
  Condition: condition,
});

test("a region-deny SCP leaves the path certain: the caller calls STS in a region it allows", () => {
  const path = pathUnder(
    regionDeny({ StringNotEquals: { "aws:RequestedRegion": ["eu-west-1", "us-east-1"] } }),
  );
  assert.equal(path.blockedBy, undefined);
  assert.equal(path.certainty, "yes");
});

test("a region-deny SCP allowing a single other region leaves the path certain", () => {
  const path = pathUnder(regionDeny({ StringNotLike: { "aws:RequestedRegion": "eu-central-1" } }));
  assert.equal(path.blockedBy, undefined);
  assert.equal(path.certainty, "yes");
});

test("an SCP denying one region leaves the path certain: the caller picks another", () => {
  const path = pathUnder(regionDeny({ StringEquals: { "aws:RequestedRegion": "us-east-1" } }));
  assert.equal(path.blockedBy, undefined);
  assert.equal(path.certainty, "yes");
});

test("an SCP allowing only a region accounts must opt into leaves the path hanging on it", () => {
  const path = pathUnder(regionDeny({ StringNotEquals: { "aws:RequestedRegion": "af-south-1" } }));
  assert.equal(path.blockedBy, undefined);
  assert.equal(path.certainty, "maybe");
});

test("an SCP denying sts:AssumeRole in every region blocks the path whatever region the caller picks", () => {
  const path = pathUnder(
    regionDeny({ StringNotEquals: { "aws:RequestedRegion": ["eu-west-1"] } }),
    regionDeny({ StringEquals: { "aws:RequestedRegion": ["eu-west-1"] } }),
  );
  assert.deepEqual(path.blockedBy, [GUARD]);
});

test("an SCP denying calls without TLS leaves the path certain", () => {
  const path = pathUnder({
    Effect: "Deny",
    Action: "*",
    Resource: "*",
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  });
  assert.equal(path.blockedBy, undefined);
  assert.equal(path.certainty, "yes");
});

test("an SCP denying sessions without MFA leaves the path hanging on it, region picked or not", () => {
  const path = pathUnder(
    regionDeny({ StringNotEquals: { "aws:RequestedRegion": ["eu-west-1", "us-east-1"] } }),
    {
      Effect: "Deny",
      Action: "sts:AssumeRole",
      Resource: "*",
      Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
    },
  );
  assert.equal(path.blockedBy, undefined);
  assert.equal(path.certainty, "maybe");
});
