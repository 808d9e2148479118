import assert from "node:assert/strict";
import { test } from "node:test";
import { crossAccountPaths } from "../../../core/engine/organization/cross-account.js";
import type { Organization } from "../../../core/engine/snapshot/model.js";
import { catalog } from "../../helpers/catalog.js";
import { ADMIN } from "../../helpers/policies.js";
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

const OTHER = "333333333333";

/** The account's SCP levels as Organizations lists its path: the root, its OU, the account itself. */
function inOu(accountId: string, ou: string): Organization {
  const [root, account] = organizationWith().scpLevels;
  return {
    ...organizationWith(),
    scpLevels: [
      { ...root!, targetId: "r-ab12" },
      { ...root!, targetId: ou },
      { ...account!, targetId: accountId },
    ],
  };
}

/** Production's Deploy trusts anyone whose organization path is under dev's OU; who reaches it. */
function reachDeploy(condition: object, rcp?: object) {
  const deploy = roleIn(PROD, "Deploy", ADMIN, trusting("*", condition));
  const member = (accountId: string, ou: string) => ({
    accountId,
    snapshot: snapshotWith({
      accountId,
      roles: [roleIn(accountId, "CI", ASSUME_ANY, trusting(`arn:aws:iam::${accountId}:root`))],
      organization: inOu(accountId, ou),
    }),
  });
  return crossAccountPaths(
    catalog,
    [
      {
        accountId: PROD,
        snapshot: snapshotWith({
          accountId: PROD,
          roles: [deploy],
          organization: {
            ...inOu(PROD, "ou-ab12-prod"),
            ...(rcp ? { rcpLevels: organizationWithRcp(rcp).rcpLevels! } : {}),
          },
        }),
      },
      member(DEV, "ou-ab12-dev"),
      member(OTHER, "ou-ab12-other"),
    ],
    ORG_ID,
  )
    .filter((p) => p.to.roleArn.endsWith("/Deploy"))
    .map((p) => [p.from.accountId, p.certainty, ...(rcp ? [p.blockedBy] : [])]);
}

test("aws:PrincipalOrgPaths in a trust is decided by the caller account's path in the organization", () => {
  assert.deepEqual(
    reachDeploy({ "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": `${ORG_ID}/r-ab12/ou-ab12-dev/*` } }),
    [[DEV, "yes"]],
  );
  assert.deepEqual(
    reachDeploy({
      "ForAnyValue:StringEquals": { "aws:PrincipalOrgPaths": `${ORG_ID}/r-ab12/ou-ab12-other/` },
    }),
    [[OTHER, "yes"]],
  );
});

test("production's RCP admitting only dev's OU blocks the other account's path, decided by its organization path", () => {
  const rcp = {
    Effect: "Deny",
    Principal: "*",
    Action: "sts:AssumeRole",
    Resource: "*",
    Condition: {
      "ForAllValues:StringNotLike": { "aws:PrincipalOrgPaths": `${ORG_ID}/r-ab12/ou-ab12-dev/*` },
    },
  };
  const paths = reachDeploy({ StringEquals: { "aws:PrincipalOrgID": ORG_ID } }, rcp);
  assert.deepEqual(paths, [
    [DEV, "yes", undefined],
    [OTHER, "yes", [`arn:aws:organizations::999999999999:policy/${ORG_ID}/resource_control_policy/p-rcp`]],
  ]);
});

test("the caller's SCP keeping sts:AssumeRole inside its OU blocks its path into another OU's role, decided by aws:ResourceOrgPaths", () => {
  const scp = {
    Effect: "Deny",
    Action: "sts:AssumeRole",
    Resource: "*",
    Condition: { "ForAllValues:StringNotLike": { "aws:ResourceOrgPaths": `${ORG_ID}/r-ab12/ou-ab12-dev/*` } },
  };
  const dev = inOu(DEV, "ou-ab12-dev");
  const guarded: Organization = {
    ...dev,
    scpLevels: dev.scpLevels.map((level, i) =>
      i === 2 ? { ...level, policies: [...organizationWith(scp).scpLevels[1]!.policies] } : level,
    ),
  };
  const paths = crossAccountPaths(
    catalog,
    [
      {
        accountId: PROD,
        snapshot: snapshotWith({
          accountId: PROD,
          roles: [roleIn(PROD, "Deploy", ADMIN, trusting(`arn:aws:iam::${DEV}:role/CI`))],
          organization: inOu(PROD, "ou-ab12-prod"),
        }),
      },
      {
        accountId: DEV,
        snapshot: snapshotWith({
          accountId: DEV,
          roles: [roleIn(DEV, "CI", ASSUME_ANY, trusting(`arn:aws:iam::${DEV}:root`))],
          organization: guarded,
        }),
      },
    ],
    ORG_ID,
  );
  assert.deepEqual(
    paths.map((p) => [p.to.roleArn.split("/").pop(), p.certainty, p.blockedBy]),
    [
      [
        "Deploy",
        "yes",
        [`arn:aws:organizations::999999999999:policy/${ORG_ID}/service_control_policy/p-guard`],
      ],
    ],
  );
});
