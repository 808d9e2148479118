import assert from "node:assert/strict";
import { test } from "node:test";
import type { Snapshot } from "../../../core/engine/snapshot/model.js";
import { ADMIN, doc } from "../../helpers/policies.js";
import { snapshotWith, user } from "../../helpers/snapshot-fixture.js";
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
 * A path its caller may lift the SCP block of leads on like one not blocked: a dev user that may
 * assume dev's Hop, which may rewrite the SCP denying its way into production's administrator
 * Deploy, reaches that administrator through Hop, though Hop holds nothing itself.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_UpdatePolicy.html
 */
const organization = organizationWith({
  Effect: "Deny",
  Action: "sts:AssumeRole",
  Resource: `arn:aws:iam::${PROD}:role/*`,
});
const guard = organization.scpLevels[1]!.policies[1]!;
const hop = (policy: object) =>
  snapshotWith({
    accountId: DEV,
    users: [
      user("alice", {
        arn: `arn:aws:iam::${DEV}:user/alice`,
        inlinePolicies: [{ name: "p", document: ASSUME_ANY }],
      }),
    ],
    roles: [roleIn(DEV, "Hop", policy, trusting(`arn:aws:iam::${DEV}:root`))],
    organization,
  });
const prod = (): Snapshot =>
  snapshotWith({
    accountId: PROD,
    roles: [roleIn(PROD, "Deploy", ADMIN, trusting(`arn:aws:iam::${DEV}:role/Hop`))],
  });
const REWRITE_GUARD = delegatingToDev({ Action: "organizations:UpdatePolicy", Resource: guard.arn });
const pathsOf = async (policy: object) => {
  const report = await orgReportFixture(
    [prod(), hop(policy)],
    MANAGEMENT,
    undefined,
    undefined,
    REWRITE_GUARD,
  );
  return new Map(
    report.crossAccountPaths.map((p) => [p.id.replace(/arn:aws:iam::\d+:(user|role)\//g, ""), p]),
  );
};

test("a caller reaches, through a role it may assume, the administrator whose SCP block that role lifts", async () => {
  const paths = await pathsOf(
    doc({ Effect: "Allow", Action: ["sts:AssumeRole", "organizations:UpdatePolicy"], Resource: "*" }),
  );
  assert.equal(
    paths.get("Hop -> Deploy")?.liftsBlock,
    "organizations:UpdatePolicy",
    [...paths.keys()].join("\n"),
  );
  const alice = paths.get("alice -> Hop");
  assert.ok(alice, [...paths.keys()].join("\n"));
  assert.equal(alice.severity, "high");
  assert.match(alice.title, new RegExp(`assume Deploy in ${PROD}`));
});

test("a role that may not lift the block leads nowhere", async () => {
  const paths = await pathsOf(ASSUME_ANY);
  assert.equal(paths.get("Hop -> Deploy")?.liftsBlock, undefined, [...paths.keys()].join("\n"));
  assert.equal(paths.get("Hop -> Deploy")?.severity, "low");
  assert.equal(paths.has("alice -> Hop"), false);
});
