import assert from "node:assert/strict";
import { test } from "node:test";
import { AccountPermissions } from "../../../core/engine/account/permissions.js";
import { policyInvalid } from "../../../core/engine/findings/policy-invalid.js";
import { crossAccountPaths } from "../../../core/engine/organization/cross-account.js";
import type { Organization } from "../../../core/engine/snapshot/model.js";
import { catalog } from "../../helpers/catalog.js";
import { doc } from "../../helpers/policies.js";
import { DEV, ORG_ID, organizationWith, orgSnapshots, PROD } from "./org-fixture.js";

/** Dev's SCPs: FullAWSAccess at the root, and at the account only the statements given. */
function accountScp(...statements: object[]): Organization {
  const org = organizationWith();
  return {
    ...org,
    scpLevels: [
      org.scpLevels[0]!,
      {
        targetId: "acct",
        policies: [
          {
            id: "p-own",
            arn: `arn:aws:organizations::999999999999:policy/${ORG_ID}/service_control_policy/p-own`,
            name: "Own",
            document: doc(...statements),
          },
        ],
      },
    ],
  };
}

/** Dev's CI into production's Deploy (orgSnapshots) under dev's `organization`. */
function ciPath(organization: Organization) {
  const [prod, dev] = orgSnapshots();
  const snapshot = { ...dev!, organization };
  const paths = crossAccountPaths(
    catalog,
    [
      { accountId: PROD, snapshot: prod! },
      { accountId: DEV, snapshot },
    ],
    ORG_ID,
  );
  return { paths, snapshot };
}

test("an SCP Allow without Resource is read as every resource, so it hides no path, and is reported", () => {
  const { paths, snapshot } = ciPath(accountScp({ Effect: "Allow", Action: "*" }));
  assert.deepEqual(
    paths.map((p) => [p.to.roleArn.split("/").pop(), p.certainty, p.blockedBy]),
    [["Deploy", "yes", undefined]],
  );
  const findings = policyInvalid.detect({
    catalog,
    snapshot,
    account: new AccountPermissions(catalog, snapshot),
  } as never);
  assert.equal(findings.length, 1);
  assert.match(findings[0]!.detail, /read as every resource/);
});

test("an SCP Deny without Resource is left out, never blocking a path AWS may not block, and is reported", () => {
  const deny = { Effect: "Deny", Action: "sts:AssumeRole" };
  const { paths, snapshot } = ciPath(accountScp({ Effect: "Allow", Action: "*", Resource: "*" }, deny));
  assert.deepEqual(
    paths.map((p) => [p.to.roleArn.split("/").pop(), p.certainty, p.blockedBy]),
    [["Deploy", "yes", undefined]],
  );
  const findings = policyInvalid.detect({
    catalog,
    snapshot,
    account: new AccountPermissions(catalog, snapshot),
  } as never);
  assert.match(findings[0]!.detail, /Deny is left out/);
  // With its Resource, the same Deny blocks the path.
  const blocked = ciPath(
    accountScp({ Effect: "Allow", Action: "*", Resource: "*" }, { ...deny, Resource: "*" }),
  );
  assert.deepEqual(blocked.paths[0]?.blockedBy, [
    `arn:aws:organizations::999999999999:policy/${ORG_ID}/service_control_policy/p-own`,
  ]);
});
