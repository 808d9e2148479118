import assert from "node:assert/strict";
import { test } from "node:test";
import { ADMIN, doc } from "../../helpers/policies.js";
import { snapshotWith, user } from "../../helpers/snapshot-fixture.js";
import {
  ASSUME_ANY,
  DEV,
  organizationWith,
  orgReportFixture,
  PROD,
  roleIn,
  trusting,
} from "./org-fixture.js";

// SCPs grant nothing: they cap what the account's principals hold, the same on every request, so
// an administrator whose SCPs take some actions away certainly holds all the rest (no condition).
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
const GUARD = organizationWith({ Effect: "Deny", Action: "organizations:LeaveOrganization", Resource: "*" });
const FROM_OFFICE = { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } };

const graded = async (prod: ReturnType<typeof snapshotWith>, dev: ReturnType<typeof snapshotWith>) =>
  new Map(
    (await orgReportFixture([prod, dev])).crossAccountPaths.map((p) => [
      `${p.from.principalArn.split("/").pop()} -> ${p.to.roleArn.split("/").pop()}`,
      { severity: p.severity, reaches: p.reaches },
    ]),
  );

test("a certain way on to an administrator limited by SCPs is as severe as the path to it", async () => {
  // Production's alice assumes dev's Hop, which assumes production's Deploy: * on * but leaving the organization.
  const prod = snapshotWith({
    accountId: PROD,
    users: [
      user("alice", {
        arn: `arn:aws:iam::${PROD}:user/alice`,
        inlinePolicies: [{ name: "inline", document: ASSUME_ANY }],
      }),
    ],
    roles: [roleIn(PROD, "Deploy", ADMIN, trusting(`arn:aws:iam::${DEV}:role/Hop`))],
    organization: GUARD,
  });
  const dev = snapshotWith({
    accountId: DEV,
    roles: [roleIn(DEV, "Hop", ASSUME_ANY, trusting(`arn:aws:iam::${PROD}:user/alice`))],
  });
  const paths = await graded(prod, dev);
  assert.deepEqual(paths.get("Hop -> Deploy"), { severity: "high", reaches: { admin: "scp-limited" } });
  assert.equal(paths.get("alice -> Hop")?.severity, "high", JSON.stringify([...paths]));
});

test("an administrator only under a condition stays a conditional reach when SCPs cut it further", async () => {
  const deploy = doc({ Effect: "Allow", Action: "*", Resource: "*", Condition: FROM_OFFICE });
  const dev = snapshotWith({
    accountId: DEV,
    roles: [roleIn(DEV, "CI", ASSUME_ANY, trusting(`arn:aws:iam::${DEV}:root`))],
  });
  for (const organization of [undefined, GUARD]) {
    const prod = snapshotWith({
      accountId: PROD,
      roles: [roleIn(PROD, "Deploy", deploy, trusting(`arn:aws:iam::${DEV}:role/CI`))],
      ...(organization ? { organization } : {}),
    });
    const paths = await graded(prod, dev);
    assert.deepEqual(
      paths.get("CI -> Deploy"),
      { severity: "medium", reaches: { admin: "conditional" } },
      `SCPs: ${organization ? "guard" : "none"}`,
    );
  }
});

// An administrator's own policies give nothing where the SCPs take every action from its calls:
// the admin-access finding drops it, and no path onto it reaches an administrator.
test("a role its SCPs deny every action is no administrator reach", async () => {
  const breakGlass = `arn:aws:iam::${PROD}:role/BreakGlass`;
  const everything = { Effect: "Deny", Action: "*", Resource: "*" };
  const sparing = { ...everything, Condition: { ArnNotLike: { "aws:PrincipalArn": breakGlass } } };
  const dev = snapshotWith({
    accountId: DEV,
    roles: [roleIn(DEV, "CI", ASSUME_ANY, trusting(`arn:aws:iam::${DEV}:root`))],
  });
  for (const [name, deny] of [
    ["unconditional", everything],
    ["sparing another role", sparing],
  ] as const) {
    const prod = snapshotWith({
      accountId: PROD,
      roles: [roleIn(PROD, "Deploy", ADMIN, trusting(`arn:aws:iam::${DEV}:role/CI`))],
      organization: organizationWith(deny),
    });
    const reaches = (await graded(prod, dev)).get("CI -> Deploy")?.reaches;
    assert.ok(!reaches || !("admin" in reaches), `${name}: ${JSON.stringify(reaches)}`);
  }
});
