import assert from "node:assert/strict";
import { test } from "node:test";
import { crossAccountPaths } from "../../../core/engine/organization/cross-account.js";
import type { Organization } from "../../../core/engine/snapshot/model.js";
import { catalog } from "../../helpers/catalog.js";
import { permissiveFindings } from "../../helpers/findings.js";
import { ADMIN } from "../../helpers/policies.js";
import { snapshotWith } from "../../helpers/snapshot-fixture.js";
import { ASSUME_ANY, DEV, ORG_ID, PROD, roleIn, trusting } from "./org-fixture.js";

/**
 * What Organizations answers for an account when the SCP policy type is not enabled in the root:
 * no SCP attached at any node, since disabling the type detaches every SCP, and while it is
 * enabled every root, OU and account holds at least one.
 * https://docs.aws.amazon.com/organizations/latest/userguide/disable-policy-type.html
 */
const NO_SCPS: Organization = {
  id: ORG_ID,
  managementAccountId: "999999999999",
  scpLevels: [
    { targetId: "r-root", policies: [] },
    { targetId: "ou-apps", policies: [] },
    { targetId: "acct", policies: [] },
  ],
};

const deploy = roleIn(PROD, "Deploy", ADMIN, trusting(`arn:aws:iam::${DEV}:role/CI`));
const ci = roleIn(DEV, "CI", ASSUME_ANY, trusting(`arn:aws:iam::${DEV}:root`));

test("with SCPs not enabled, an administrator of a member account is a full administrator", () => {
  const snapshot = snapshotWith({ accountId: PROD, roles: [deploy], organization: NO_SCPS });
  const finding = permissiveFindings(snapshot).find((f) => f.kind === "admin-access");
  assert.equal(finding?.severity, "critical", finding?.title);
  assert.equal(finding.evidence.level, "certain");
});

test("with SCPs not enabled, nothing blocks a cross-account path to an administrator", () => {
  const [path, ...rest] = crossAccountPaths(
    catalog,
    [
      {
        accountId: PROD,
        snapshot: snapshotWith({ accountId: PROD, roles: [deploy], organization: NO_SCPS }),
      },
      { accountId: DEV, snapshot: snapshotWith({ accountId: DEV, roles: [ci], organization: NO_SCPS }) },
    ],
    ORG_ID,
  );
  assert.deepEqual(rest, []);
  assert.ok(path, "the path is found");
  assert.equal(path.blockedBy, undefined, JSON.stringify(path.blockedBy));
  assert.equal(path.certainty, "yes");
  assert.deepEqual(path.reaches, { admin: "certain" });
});
