import assert from "node:assert/strict";
import { test } from "node:test";
import { type CrossAccountPath, crossAccountPaths } from "../../../core/engine/organization/cross-account.js";
import { catalog } from "../../helpers/catalog.js";
import { ADMIN, doc } from "../../helpers/policies.js";
import { snapshotWith, user } from "../../helpers/snapshot-fixture.js";
import { ASSUME_ANY, DEV, ORG_ID, PROD, roleIn, trusting } from "./org-fixture.js";

const devArn = (kind: string, name: string) => `arn:aws:iam::${DEV}:${kind}/${name}`;
const prodRole = (name: string) => `arn:aws:iam::${PROD}:role/${name}`;
const idOf = (p: CrossAccountPath) =>
  `${p.from.principalArn.split("/").pop()} -> ${p.to.roleArn.split("/").pop()}`;

/**
 * Dev's CI may create bob's access key and assume production's Deploy (an administrator trusting
 * CI); bob may assume production's Hop, which holds nothing but may assume CI back (CI trusts Hop);
 * alice may rewrite CI's trust policy (and assume it).
 */
function paths(): CrossAccountPath[] {
  const dev = snapshotWith({
    accountId: DEV,
    users: [
      user("alice", {
        arn: devArn("user", "alice"),
        inlinePolicies: [
          {
            name: "inline",
            document: doc({
              Effect: "Allow",
              Action: ["iam:UpdateAssumeRolePolicy", "sts:AssumeRole"],
              Resource: devArn("role", "CI"),
            }),
          },
        ],
      }),
      user("bob", {
        arn: devArn("user", "bob"),
        inlinePolicies: [
          {
            name: "inline",
            document: doc({ Effect: "Allow", Action: "sts:AssumeRole", Resource: prodRole("Hop") }),
          },
        ],
      }),
    ],
    roles: [
      roleIn(
        DEV,
        "CI",
        doc(
          { Effect: "Allow", Action: "sts:AssumeRole", Resource: prodRole("Deploy") },
          { Effect: "Allow", Action: "iam:CreateAccessKey", Resource: devArn("user", "bob") },
        ),
        trusting(prodRole("Hop")),
      ),
    ],
  });
  const prod = snapshotWith({
    accountId: PROD,
    roles: [
      roleIn(PROD, "Deploy", ADMIN, trusting(devArn("role", "CI"))),
      roleIn(PROD, "Hop", ASSUME_ANY, trusting(`arn:aws:iam::${DEV}:root`)),
    ],
  });
  return crossAccountPaths(
    catalog,
    [
      { accountId: PROD, snapshot: prod },
      { accountId: DEV, snapshot: dev },
    ],
    ORG_ID,
  );
}

test("a takeover path whose role leads only back to the caller is no path", () => {
  const ids = paths().map(idOf);
  assert.ok(ids.includes("CI -> Deploy"), ids.join("\n"));
  // bob reaches Deploy only through Hop and CI: a path.
  assert.ok(ids.includes("bob -> Hop"), ids.join("\n"));
  // CI, taking over bob, reaches Hop, which gives it only CI's own way to Deploy.
  assert.ok(!ids.includes("CI -> Hop"), ids.join("\n"));
  // alice, as CI, reaches Deploy; through CI and bob, Hop gives her only that again.
  assert.ok(ids.includes("alice -> Deploy"), ids.join("\n"));
  assert.ok(!ids.includes("alice -> Hop"), ids.join("\n"));
});
