import assert from "node:assert/strict";
import { test } from "node:test";
import type { PolicyDelegation } from "../../../core/engine/organization/policy-delegation.js";
import { ADMIN, doc } from "../../helpers/policies.js";
import { snapshotWith } from "../../helpers/snapshot-fixture.js";
import { delegatingToDev, MANAGEMENT } from "./lift-fixture.js";
import {
  ASSUME_ANY,
  DEV,
  organizationWith,
  orgReportFixture,
  PROD,
  roleIn,
  trusting,
} from "./org-fixture.js";

/**
 * An SCP rewritten (organizations:UpdatePolicy) or a policy type disabled in the root
 * (organizations:DisablePolicyType) no longer blocks anyone in the organization: a caller that lifts
 * the SCP denying its way into production's Deploy goes on from Deploy into stage's administrator
 * Stage, though the same SCP denies Deploy that way and Deploy itself may not lift it.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_UpdatePolicy.html
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_DisablePolicyType.html
 */
const STAGE = "444444444444";
const organization = organizationWith({ Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" });
const guard = organization.scpLevels[1]!.policies[1]!;
const CI_POLICY = doc({ Effect: "Allow", Action: ["sts:AssumeRole", "organizations:*"], Resource: "*" });

const snapshots = () => [
  snapshotWith({
    accountId: DEV,
    roles: [
      roleIn(DEV, "CI", CI_POLICY, trusting(`arn:aws:iam::${DEV}:root`)),
      roleIn(DEV, "Other", ASSUME_ANY, trusting(`arn:aws:iam::${DEV}:root`)),
    ],
    organization,
  }),
  snapshotWith({
    accountId: PROD,
    roles: [
      roleIn(
        PROD,
        "Deploy",
        CI_POLICY,
        trusting([`arn:aws:iam::${DEV}:role/CI`, `arn:aws:iam::${DEV}:role/Other`]),
      ),
    ],
    organization,
  }),
  snapshotWith({
    accountId: STAGE,
    roles: [roleIn(STAGE, "Stage", ADMIN, trusting(`arn:aws:iam::${PROD}:role/Deploy`))],
    organization,
  }),
];

const pathsOf = async (delegation: PolicyDelegation) => {
  const report = await orgReportFixture(snapshots(), MANAGEMENT, undefined, undefined, delegation);
  return new Map(
    report.crossAccountPaths.map((p) => [p.id.replace(/arn:aws:iam::\d+:(user|role)\//g, ""), p]),
  );
};

const lifting = [
  ["rewrite", { Action: "organizations:UpdatePolicy", Resource: guard.arn }, "organizations:UpdatePolicy"],
  [
    "disable",
    { Action: "organizations:DisablePolicyType", Resource: "*" },
    "organizations:DisablePolicyType",
  ],
] as const;

for (const [how, delegated, call] of lifting) {
  test(`a caller that may ${how} the SCP goes on past a later hop it denies`, async () => {
    const paths = await pathsOf(delegatingToDev(delegated));
    const ci = paths.get("CI -> Deploy");
    assert.ok(ci, [...paths.keys()].join("\n"));
    assert.equal(ci.liftsBlock, call);
    assert.equal(ci.severity, "high");
    assert.ok("escalation" in ci.reaches, JSON.stringify(ci.reaches));
    // The step says it needs the lift, and who makes it.
    assert.deepEqual(ci.reaches.escalation, [
      `assume Stage in ${STAGE} (admin) once CI lifts ${guard.arn} (${call})`,
    ]);
    // Deploy's own way on stays blocked: it may not lift the SCP itself.
    const deploy = paths.get("Deploy -> Stage");
    assert.equal(deploy?.liftsBlock, undefined);
    assert.equal(deploy?.severity, "low");
    // Nor may Other, which gets nothing from Deploy.
    assert.equal(paths.has("Other -> Deploy"), false, [...paths.keys()].join("\n"));
  });
}

test("a caller that may lift nothing does not go on", async () => {
  const paths = await pathsOf({ none: true });
  assert.equal(paths.has("CI -> Deploy"), false, [...paths.keys()].join("\n"));
  assert.equal(paths.get("Deploy -> Stage")?.severity, "low");
});

/**
 * The caller holds the session of every role it reaches, so one of them reached another way may
 * make the lift: CI, which may lift nothing, reaches Deploy, which reaches dev's Ops, an
 * administrator that may rewrite the SCP denying Deploy its way into Stage.
 */
test("a block is lifted by a role the caller reaches off the blocked hop's chain", async () => {
  const stageOnly = organizationWith({
    Effect: "Deny",
    Action: "sts:AssumeRole",
    Resource: `arn:aws:iam::${STAGE}:role/*`,
  });
  const stageGuard = stageOnly.scpLevels[1]!.policies[1]!;
  const report = await orgReportFixture(
    [
      snapshotWith({
        accountId: DEV,
        roles: [
          roleIn(DEV, "CI", ASSUME_ANY, trusting(`arn:aws:iam::${DEV}:root`)),
          roleIn(DEV, "Ops", ADMIN, trusting(`arn:aws:iam::${PROD}:role/Deploy`)),
        ],
        organization: organizationWith(),
      }),
      snapshotWith({
        accountId: PROD,
        roles: [roleIn(PROD, "Deploy", ASSUME_ANY, trusting(`arn:aws:iam::${DEV}:role/CI`))],
        organization: stageOnly,
      }),
      snapshotWith({
        accountId: STAGE,
        roles: [roleIn(STAGE, "Stage", ADMIN, trusting(`arn:aws:iam::${PROD}:role/Deploy`))],
        organization: stageOnly,
      }),
    ],
    MANAGEMENT,
    undefined,
    undefined,
    delegatingToDev({ Action: "organizations:UpdatePolicy", Resource: stageGuard.arn }),
  );
  const ci = report.crossAccountPaths.find(
    (p) => p.id === `arn:aws:iam::${DEV}:role/CI -> arn:aws:iam::${PROD}:role/Deploy`,
  );
  assert.ok(ci && "escalation" in ci.reaches, JSON.stringify(report.crossAccountPaths.map((p) => p.id)));
  assert.ok(
    ci.reaches.escalation.includes(
      `assume Stage in ${STAGE} (admin) once Ops lifts ${stageGuard.arn} (organizations:UpdatePolicy)`,
    ),
    JSON.stringify(ci.reaches),
  );
});
