import assert from "node:assert/strict";
import { test } from "node:test";
import { AccountPermissions } from "../../../core/engine/account/permissions.js";
import { assumableRoles } from "../../../core/engine/findings/permissive/escalation/assume.js";
import { crossAccountPaths } from "../../../core/engine/organization/cross-account.js";
import { catalog } from "../../helpers/catalog.js";
import { ADMIN, doc } from "../../helpers/policies.js";
import { snapshotWith } from "../../helpers/snapshot-fixture.js";
import { ASSUME_ANY, DEV, ORG_ID, PROD, roleIn, trusting } from "./org-fixture.js";

const CI_ARN = `arn:aws:iam::${DEV}:role/CI`;

/** CI may assume roles under `condition`; production's Deploy, an administrator tagged `tags`, trusts it. */
function ciToDeploy(condition: object, tags: { key: string; value: string }[]) {
  const ci = doc({ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*", Condition: condition });
  return crossAccountPaths(
    catalog,
    [
      {
        accountId: PROD,
        snapshot: snapshotWith({
          accountId: PROD,
          roles: [roleIn(PROD, "Deploy", ADMIN, trusting(CI_ARN), { tags })],
        }),
      },
      {
        accountId: DEV,
        snapshot: snapshotWith({
          accountId: DEV,
          roles: [roleIn(DEV, "CI", ci, trusting(`arn:aws:iam::${DEV}:root`))],
        }),
      },
    ],
    ORG_ID,
  ).map((p) => [p.from.principalArn.split("/").pop(), p.to.roleArn.split("/").pop(), p.certainty]);
}

test("the caller's condition on a tag the role lacks refuses it, as the escalation graph reads the role's tags", () => {
  assert.deepEqual(ciToDeploy({ StringEquals: { "aws:ResourceTag/team": "ci" } }, []), []);
  assert.deepEqual(
    ciToDeploy({ StringEquals: { "aws:ResourceTag/team": "ci" } }, [{ key: "team", value: "ci" }]),
    [["CI", "Deploy", "yes"]],
  );
});

test("a negated condition on a tag the role lacks holds, and iam:ResourceTag reads the role's tags too", () => {
  assert.deepEqual(ciToDeploy({ StringNotEquals: { "aws:ResourceTag/env": "prod" } }, []), [
    ["CI", "Deploy", "yes"],
  ]);
  assert.deepEqual(
    ciToDeploy({ StringEquals: { "iam:ResourceTag/team": "ci" } }, [{ key: "team", value: "ci" }]),
    [["CI", "Deploy", "yes"]],
  );
});

test("in its own account a caller that may retag the role keeps a conditional path, as in the escalation graph", () => {
  // Dev's Hop gives nothing in dev but may assume production's Admin; dev's Tagger may assume
  // roles tagged team=ci, which Hop is not, and may tag roles (Retag) or not (Plain).
  const needsTag = { Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" };
  const condition = { StringEquals: { "aws:ResourceTag/team": "ci" } };
  const tagRole = { Effect: "Allow", Action: "iam:TagRole", Resource: "*" };
  const dev = snapshotWith({
    accountId: DEV,
    roles: [
      roleIn(DEV, "Hop", ASSUME_ANY, trusting(`arn:aws:iam::${DEV}:root`)),
      roleIn(DEV, "Retag", doc({ ...needsTag, Condition: condition }, tagRole), trusting("111122223333")),
      roleIn(DEV, "Plain", doc({ ...needsTag, Condition: condition }), trusting("111122223333")),
    ],
  });
  const prod = snapshotWith({
    accountId: PROD,
    roles: [roleIn(PROD, "Admin", ADMIN, trusting(`arn:aws:iam::${DEV}:role/Hop`))],
  });
  const paths = crossAccountPaths(
    catalog,
    [
      { accountId: PROD, snapshot: prod },
      { accountId: DEV, snapshot: dev },
    ],
    ORG_ID,
  );
  const into = (name: string) =>
    paths.find((p) => p.from.principalArn.endsWith(`/${name}`) && p.to.roleArn.endsWith("/Hop"))?.certainty;
  const ctx = { catalog, snapshot: dev, account: new AccountPermissions(catalog, dev) };
  const graph = (name: string) =>
    assumableRoles(ctx, ctx.account.of(`arn:aws:iam::${DEV}:role/${name}`)!).find((e) =>
      e.role.arn.endsWith("/Hop"),
    )?.certainty;
  assert.equal(into("Retag"), "maybe");
  assert.equal(graph("Retag"), "maybe");
  assert.equal(into("Plain"), undefined);
  assert.equal(graph("Plain"), undefined);
});
