import assert from "node:assert/strict";
import { test } from "node:test";
import { crossAccountPaths } from "../../../core/engine/organization/cross-account.js";
import { catalog } from "../../helpers/catalog.js";
import { ADMIN } from "../../helpers/policies.js";
import { snapshotWith } from "../../helpers/snapshot-fixture.js";
import {
  ASSUME_ANY,
  DEV,
  ORG_ID,
  organizationWith,
  organizationWithRcp,
  orgReportFixture,
  orgSnapshots,
  PROD,
  roleIn,
  trusting,
} from "./org-fixture.js";

const MANAGEMENT = "999999999999";
const DENY_ASSUME = { Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" };

/** Paths between the management account (or, `asMember`, the same account as a member) and production. */
function paths(asMember = false) {
  const scps = organizationWith(DENY_ASSUME);
  const rcps = organizationWithRcp({ ...DENY_ASSUME, Principal: "*" });
  const management = snapshotWith({
    accountId: MANAGEMENT,
    roles: [
      roleIn(MANAGEMENT, "Ops", ASSUME_ANY, trusting(`arn:aws:iam::${MANAGEMENT}:root`)),
      roleIn(MANAGEMENT, "OrgAdmin", ADMIN, trusting(`arn:aws:iam::${PROD}:role/Builder`)),
    ],
    organization: {
      ...scps,
      rcpLevels: rcps.rcpLevels!,
      ...(asMember ? { managementAccountId: "888888888888" } : {}),
    },
  });
  const prod = snapshotWith({
    accountId: PROD,
    roles: [
      roleIn(PROD, "Deploy", ADMIN, trusting(`arn:aws:iam::${MANAGEMENT}:role/Ops`)),
      roleIn(PROD, "Builder", ASSUME_ANY, trusting(`arn:aws:iam::${PROD}:root`)),
    ],
  });
  return crossAccountPaths(
    catalog,
    [
      { accountId: MANAGEMENT, snapshot: management },
      { accountId: PROD, snapshot: prod },
    ],
    ORG_ID,
  ).map((p) => [
    p.from.principalArn.split("/").pop(),
    p.to.roleArn.split("/").pop(),
    p.certainty,
    p.blockedBy,
  ]);
}

test("no SCP or RCP denies a path from or into the management account, which they do not affect", () => {
  // Also Deploy -> Builder and OrgAdmin -> Ops, each onward into the other account: none blocked.
  // OrgAdmin, allowed sts:AssumeRoot as everything, may take production's root user too.
  assert.deepEqual(paths().sort(), [
    ["Builder", "OrgAdmin", "yes", undefined],
    ["Deploy", "Builder", "yes", undefined],
    ["Ops", "Deploy", "yes", undefined],
    ["OrgAdmin", "Ops", "yes", undefined],
    ["OrgAdmin", `arn:aws:iam::${PROD}:root`, "maybe", undefined],
  ]);
  // The same account as a member: its SCP blocks its Ops, its RCP production's Builder. Deploy,
  // production's administrator, reaches Builder unblocked, and OrgAdmin past it only once it lifts
  // that RCP (which the unread delegation policy may let it).
  const member = paths(true);
  const blocked = member.filter((p) => !(p[0] === "Deploy" && p[1] === "Builder"));
  assert.ok(member.length > blocked.length, JSON.stringify(member));
  assert.ok(blocked.length > 0 && blocked.every((p) => p[3] !== undefined), JSON.stringify(member));
});

test("the rollup lists no SCP as applying to the management account", async () => {
  const [prod, dev] = orgSnapshots();
  const management = { ...dev!, organization: organizationWith(DENY_ASSUME) };
  const report = await orgReportFixture([prod!, management], DEV);
  const row = report.accounts.find((a) => a.accountId === DEV);
  assert.equal(row?.management, true);
  assert.deepEqual(row?.serviceControlPolicies, []);
});
