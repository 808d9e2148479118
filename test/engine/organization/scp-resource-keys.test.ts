import assert from "node:assert/strict";
import { test } from "node:test";
import { crossAccountPaths } from "../../../core/engine/organization/cross-account.js";
import { catalog } from "../../helpers/catalog.js";
import { ADMIN } from "../../helpers/policies.js";
import { snapshotWith } from "../../helpers/snapshot-fixture.js";
import { ASSUME_ANY, DEV, ORG_ID, organizationWith, PROD, roleIn, trusting } from "./org-fixture.js";

/**
 * The caller's SCPs are evaluated on its sts:AssumeRole request as AWS sees it: the role's account,
 * its organization and its tags are known (aws:ResourceAccount, aws:ResourceOrgID,
 * aws:ResourceTag/*), as is the caller's organization (aws:PrincipalOrgID).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceorgid
 */
const GUARD = `arn:aws:organizations::999999999999:policy/${ORG_ID}/service_control_policy/p-guard`;
const deploy = roleIn(PROD, "Deploy", ADMIN, trusting(`arn:aws:iam::${DEV}:role/CI`), {
  tags: [{ key: "team", value: "platform" }],
});
const ci = roleIn(DEV, "CI", ASSUME_ANY, trusting(`arn:aws:iam::${DEV}:root`));

const pathUnder = (condition: object) => {
  const guard = organizationWith({
    Effect: "Deny",
    Action: "sts:AssumeRole",
    Resource: "*",
    Condition: condition,
  });
  const found = crossAccountPaths(
    catalog,
    [
      { accountId: PROD, snapshot: snapshotWith({ accountId: PROD, roles: [deploy] }) },
      { accountId: DEV, snapshot: snapshotWith({ accountId: DEV, roles: [ci], organization: guard }) },
    ],
    ORG_ID,
  );
  assert.equal(found.length, 1, JSON.stringify(found));
  return found[0]!;
};

test("an SCP keeping sts:AssumeRole inside the organization leaves a path to a role of the organization certain", () => {
  const path = pathUnder({ StringNotEquals: { "aws:ResourceOrgID": ORG_ID } });
  assert.equal(path.blockedBy, undefined);
  assert.equal(path.certainty, "yes");
  const principal = pathUnder({ StringNotEquals: { "aws:PrincipalOrgID": ORG_ID } });
  assert.equal(principal.blockedBy, undefined);
  assert.equal(principal.certainty, "yes");
});

test("an SCP keeping sts:AssumeRole inside the caller's own account blocks the path, and says so", () => {
  const path = pathUnder({ StringNotEquals: { "aws:ResourceAccount": DEV } });
  assert.deepEqual(path.blockedBy, [GUARD]);
});

test("an SCP testing the role's tags is decided with them", () => {
  assert.deepEqual(pathUnder({ StringEquals: { "aws:ResourceTag/team": "platform" } }).blockedBy, [GUARD]);
  const other = pathUnder({ StringEquals: { "aws:ResourceTag/team": "data" } });
  assert.equal(other.blockedBy, undefined);
  assert.equal(other.certainty, "yes");
});
