import assert from "node:assert/strict";
import { test } from "node:test";
import type { PolicyDelegation } from "../../../core/engine/organization/policy-delegation.js";
import { ADMIN, doc } from "../../helpers/policies.js";
import { snapshotWith, user } from "../../helpers/snapshot-fixture.js";
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
 * A path the organization's SCPs or RCPs block is graded low: the guardrail is all that stops it.
 * Not so when the caller may rewrite those policies itself (organizations:UpdatePolicy), as the
 * management account's principals may by their own policies and a member account's by the
 * organization's delegation policy too.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_delegate_policies.html
 */
const GUARD = `arn:aws:organizations::${MANAGEMENT}:policy/${ORG_ID}/service_control_policy/p-guard`;
const NO_ASSUME = { Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" };

/** Dev's CI role, an administrator of its account, under an SCP denying it sts:AssumeRole. */
const dev = (policy: object = ADMIN, ...scp: object[]) => devCi(organizationWith(NO_ASSUME, ...scp), policy);
const delegating = delegatingToDev;
const REWRITE_SCPS = {
  Action: ["organizations:UpdatePolicy", "organizations:DescribePolicy"],
  Resource: "*",
  Condition: { StringEquals: { "organizations:PolicyType": "SERVICE_CONTROL_POLICY" } },
};

const pathOf = (delegation?: PolicyDelegation, devSnapshot = dev()) => deployPath(devSnapshot, delegation);

test("an SCP-blocked path stays low where the organization delegates nothing", async () => {
  const { path } = await pathOf({ none: true });
  assert.deepEqual(path.blockedBy, [GUARD]);
  assert.equal(path.liftsBlock, undefined);
  assert.equal(path.severity, "low");
});

test("a caller whose account may rewrite SCPs by the delegation policy is not held by them", async () => {
  const { path } = await pathOf(delegating(REWRITE_SCPS));
  assert.deepEqual(path.blockedBy, [GUARD]);
  assert.equal(path.liftsBlock, "organizations:UpdatePolicy");
  assert.equal(path.certainty, "yes");
  assert.equal(path.severity, "high");
  assert.match(path.title, /which it may lift itself \(organizations:UpdatePolicy\)/);
});

test("a delegation of other policy types, other policies or other accounts lifts nothing", async () => {
  const rcpsOnly = {
    ...REWRITE_SCPS,
    Condition: { StringEquals: { "organizations:PolicyType": "RESOURCE_CONTROL_POLICY" } },
  };
  const otherPolicy = {
    ...REWRITE_SCPS,
    Resource: `arn:aws:organizations::${MANAGEMENT}:policy/${ORG_ID}/service_control_policy/p-other`,
  };
  const otherAccount: PolicyDelegation = {
    document: doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${PROD}:root` }, ...REWRITE_SCPS }),
  };
  for (const delegation of [delegating(rcpsOnly), delegating(otherPolicy), otherAccount]) {
    const { path } = await pathOf(delegation);
    assert.equal(path.liftsBlock, undefined, JSON.stringify(delegation));
    assert.equal(path.severity, "low");
  }
});

test("the caller needs organizations:UpdatePolicy in its own policies and SCPs too", async () => {
  const assumeOnly = doc({ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" });
  const noRewrite = { Effect: "Deny", Action: "organizations:UpdatePolicy", Resource: "*" };
  for (const snapshot of [dev(assumeOnly), dev(ADMIN, noRewrite)]) {
    const { path } = await pathOf(delegating(REWRITE_SCPS), snapshot);
    assert.equal(path.liftsBlock, undefined);
    assert.equal(path.severity, "low");
  }
});

test("an unknown delegation policy makes the lift a condition, and says why", async () => {
  const { path, warnings } = await pathOf({ unread: "AccessDeniedException: not allowed" });
  assert.equal(path.liftsBlock, "organizations:UpdatePolicy");
  assert.equal(path.certainty, "maybe");
  assert.equal(path.severity, "medium");
  assert.ok(
    warnings.some((w) => w.includes("delegation policy is unknown (AccessDeniedException: not allowed)")),
    JSON.stringify(warnings),
  );
});

test("a delegation policy that does not parse is taken as unknown", async () => {
  const { path, warnings } = await pathOf({ document: "{not json" });
  assert.equal(path.certainty, "maybe");
  assert.equal(path.liftsBlock, "organizations:UpdatePolicy");
  assert.ok(warnings.some((w) => w.includes("its document does not parse")));
});

test("a management account administrator blocked by a member's RCP may rewrite it itself", async () => {
  const rcp = `arn:aws:organizations::999999999999:policy/${ORG_ID}/resource_control_policy/p-rcp`;
  const member = snapshotWith({
    accountId: PROD,
    roles: [roleIn(PROD, "Deploy", ADMIN, trusting(`arn:aws:iam::${MANAGEMENT}:user/ops`))],
    organization: organizationWithRcp({
      Effect: "Deny",
      Principal: "*",
      Action: "sts:AssumeRole",
      Resource: "*",
    }),
  });
  const ops = (policy: object) =>
    snapshotWith({
      accountId: MANAGEMENT,
      users: [
        user("ops", {
          arn: `arn:aws:iam::${MANAGEMENT}:user/ops`,
          inlinePolicies: [{ name: "ops", document: policy }],
        }),
      ],
      organization: { ...organizationWith(), managementAccountId: MANAGEMENT },
    });
  const paths = async (policy: object) =>
    (
      await orgReportFixture([member, ops(policy)], MANAGEMENT, undefined, undefined, { none: true })
    ).crossAccountPaths.filter((p) => p.from.principalArn.endsWith(":user/ops"));
  const [admin] = await paths(ADMIN);
  assert.deepEqual(admin?.blockedBy, [rcp]);
  assert.equal(admin?.liftsBlock, "organizations:UpdatePolicy");
  assert.equal(admin?.severity, "high");
  const [assumer] = await paths(doc({ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }));
  assert.equal(assumer?.liftsBlock, undefined);
  assert.equal(assumer?.severity, "low");
});

test("a lifted path is as sure as the caller's request without the guardrail", async () => {
  const fromOffice = doc(
    {
      Effect: "Allow",
      Action: "sts:AssumeRole",
      Resource: "*",
      Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } },
    },
    { Effect: "Allow", Action: "organizations:UpdatePolicy", Resource: "*" },
  );
  const { path } = await pathOf(delegating(REWRITE_SCPS), dev(fromOffice));
  assert.equal(path.liftsBlock, "organizations:UpdatePolicy");
  assert.equal(path.certainty, "maybe");
  assert.equal(path.severity, "medium");
});

/** Dev under an OU whose guard SCP denies sts:AssumeRole, beside FullAWSAccess unless `alone`. */
const devUnderOu = (alone = false) => {
  const { scpLevels, ...org } = organizationWith(NO_ASSUME);
  const [full, guard] = scpLevels[1]!.policies;
  return devCi({
    ...org,
    scpLevels: [
      { targetId: "r-ab12", policies: [full!] },
      { targetId: "ou-ab12-11111111", policies: alone ? [guard!] : [full!, guard!] },
      { targetId: DEV, policies: [full!] },
    ],
  });
};
const DETACHING = { Action: "organizations:DetachPolicy", Resource: "*" };

test("a caller that may detach the blocking SCP from where it is attached lifts it", async () => {
  const { path } = await pathOf(delegating(DETACHING), devUnderOu());
  assert.equal(path.liftsBlock, "organizations:DetachPolicy");
  assert.equal(path.severity, "high");
});

test("detaching lifts nothing where the SCP is attached elsewhere, or alone at its level", async () => {
  const onAccount = {
    Action: "organizations:DetachPolicy",
    Resource: [GUARD, `arn:aws:organizations::${MANAGEMENT}:account/${ORG_ID}/${DEV}`],
  };
  for (const [delegation, snapshot] of [
    [delegating(onAccount), devUnderOu()],
    [delegating(DETACHING), devUnderOu(true)],
  ] as const) {
    const { path } = await pathOf(delegation, snapshot);
    assert.equal(path.liftsBlock, undefined);
    assert.equal(path.severity, "low");
  }
  const onOu = {
    ...onAccount,
    Resource: [GUARD, `arn:aws:organizations::${MANAGEMENT}:ou/${ORG_ID}/ou-ab12-11111111`],
  };
  assert.equal((await pathOf(delegating(onOu), devUnderOu())).path.liftsBlock, "organizations:DetachPolicy");
});
