import assert from "node:assert/strict";
import { test } from "node:test";
import { crossAccountPaths } from "../../../core/engine/organization/cross-account.js";
import { catalog } from "../../helpers/catalog.js";
import { permissiveFindings } from "../../helpers/findings.js";
import { ADMIN, doc } from "../../helpers/policies.js";
import { snapshotWith } from "../../helpers/snapshot-fixture.js";
import { DEV, ORG_ID, PROD, roleIn, trusting } from "./org-fixture.js";

const ASSUME = { Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" };
const OPS_ONLY = { StringEquals: { "aws:PrincipalTag/team": "ops" } };

/**
 * Dev's CI, tagged team=dev, with `policy`; dev's Local and production's Deploy, administrators
 * trusting CI's account only for principals tagged team=ops.
 */
function accounts(policy: object) {
  const dev = snapshotWith({
    accountId: DEV,
    roles: [
      roleIn(DEV, "CI", policy, trusting(`arn:aws:iam::${DEV}:root`), {
        tags: [{ key: "team", value: "dev" }],
      }),
      roleIn(DEV, "Local", ADMIN, trusting(`arn:aws:iam::${DEV}:root`, OPS_ONLY)),
    ],
  });
  const prod = snapshotWith({
    accountId: PROD,
    roles: [roleIn(PROD, "Deploy", ADMIN, trusting(`arn:aws:iam::${DEV}:role/CI`, OPS_ONLY))],
  });
  return { dev, prod };
}

const ciPaths = (policy: object) => {
  const { dev, prod } = accounts(policy);
  return crossAccountPaths(
    catalog,
    [
      { accountId: PROD, snapshot: prod },
      { accountId: DEV, snapshot: dev },
    ],
    ORG_ID,
  ).filter((p) => p.from.principalArn.endsWith(":role/CI"));
};
const chainToLocal = (policy: object) =>
  permissiveFindings(accounts(policy).dev).some(
    (f) => f.kind === "privilege-escalation" && f.principalArn?.endsWith(":role/CI"),
  );

test("a role that may tag itself meets another account's trust condition on its tags, as in its own account", () => {
  const retags = doc(ASSUME, {
    Effect: "Allow",
    Action: "iam:TagRole",
    Resource: `arn:aws:iam::${DEV}:role/CI`,
  });
  assert.ok(chainToLocal(retags), "the escalation graph lets CI retag itself into Local");
  const [path, ...rest] = ciPaths(retags);
  assert.deepEqual(rest, []);
  assert.equal(path?.to.roleArn, `arn:aws:iam::${PROD}:role/Deploy`);
  assert.equal(path?.certainty, "yes");
});

test("a role that may not tag itself is held to the tags it has", () => {
  assert.ok(!chainToLocal(doc(ASSUME)));
  assert.deepEqual(ciPaths(doc(ASSUME)), []);
});

test("a role whose sessions may be tagged may carry a tag it lacks, in another account and in its own", () => {
  // CI's trust lets its account's principals pass session tags, which override CI's own team=dev.
  const dev = snapshotWith({
    accountId: DEV,
    roles: [
      roleIn(
        DEV,
        "CI",
        doc(ASSUME),
        doc({
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${DEV}:root` },
          Action: ["sts:AssumeRole", "sts:TagSession"],
        }),
        { tags: [{ key: "team", value: "dev" }] },
      ),
      roleIn(DEV, "Local", ADMIN, trusting(`arn:aws:iam::${DEV}:root`, OPS_ONLY)),
    ],
  });
  const prod = accounts(doc(ASSUME)).prod;
  const paths = crossAccountPaths(
    catalog,
    [
      { accountId: PROD, snapshot: prod },
      { accountId: DEV, snapshot: dev },
    ],
    ORG_ID,
  ).filter((p) => p.from.principalArn.endsWith(":role/CI"));
  assert.deepEqual(
    paths.map((p) => [p.to.roleArn, p.certainty]),
    [[`arn:aws:iam::${PROD}:role/Deploy`, "maybe"]],
  );
  const chain = permissiveFindings(dev).find(
    (f) => f.kind === "privilege-escalation" && f.principalArn?.endsWith(":role/CI"),
  );
  assert.equal(chain?.severity, "medium", chain?.title);
});
