import assert from "node:assert/strict";
import { test } from "node:test";
import { type CrossAccountPath, crossAccountPaths } from "../../../core/engine/organization/cross-account.js";
import type { Role } from "../../../core/engine/snapshot/model.js";
import { catalog } from "../../helpers/catalog.js";
import { ADMIN, doc } from "../../helpers/policies.js";
import { snapshotWith } from "../../helpers/snapshot-fixture.js";
import { ASSUME_ANY, DEV, ORG_ID, organizationWith, PROD, roleIn, trusting } from "./org-fixture.js";

const DEV_ROOT = `arn:aws:iam::${DEV}:root`;
const devRole = (name: string) => `arn:aws:iam::${DEV}:role/${name}`;

/**
 * Dev's Admin (an administrator cut by dev's SCP denying iam:*) and CI, both trusting dev's root
 * unless told; production's Deploy, an administrator trusting CI; `prodRoles` besides.
 */
function rollup(options: { ci?: object; admin?: Role; devRoles?: Role[]; prodRoles?: Role[] } = {}) {
  const dev = snapshotWith({
    accountId: DEV,
    roles: [
      options.admin ?? roleIn(DEV, "Admin", ADMIN, trusting(DEV_ROOT)),
      roleIn(DEV, "CI", options.ci ?? ASSUME_ANY, trusting(DEV_ROOT)),
      ...(options.devRoles ?? []),
    ],
    organization: organizationWith({ Effect: "Deny", Action: "iam:*", Resource: "*" }),
  });
  const prod = snapshotWith({
    accountId: PROD,
    roles: [roleIn(PROD, "Deploy", ADMIN, trusting(devRole("CI"))), ...(options.prodRoles ?? [])],
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

const idOf = (p: CrossAccountPath) =>
  `${p.from.principalArn.split("/").pop()} -> ${p.to.roleArn.split("/").pop()}`;

test("a role is not reported as reaching, through another role, only what it reaches itself", () => {
  const ids = rollup().map(idOf);
  assert.ok(ids.includes("CI -> Deploy"), ids.join("\n"));
  assert.ok(ids.includes("Admin -> CI"), ids.join("\n"));
  // CI -> Admin gives CI only "assume CI -> Deploy", which CI holds already.
  assert.ok(!ids.includes("CI -> Admin"), ids.join("\n"));
});

test("a role reaching, through another role, something it cannot reach itself is still a path", () => {
  // Production's Ops trusts dev's Admin alone: CI reaches it only through Admin.
  const ids = rollup({ prodRoles: [roleIn(PROD, "Ops", ADMIN, trusting(devRole("Admin")))] }).map(idOf);
  assert.ok(ids.includes("CI -> Admin"), ids.join("\n"));
  assert.ok(ids.includes("Admin -> Ops"), ids.join("\n"));
});

test("a role reaching a role surely through another, where its own way is conditional, is still a path", () => {
  // CI may assume roles only from one network; Admin trusts CI by name (in its account CI needs no
  // Allow of its own for that) and production's Release trusts both.
  const paths = rollup({
    ci: doc({
      Effect: "Allow",
      Action: "sts:AssumeRole",
      Resource: "*",
      Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } },
    }),
    admin: roleIn(DEV, "Admin", ADMIN, trusting([DEV_ROOT, devRole("CI")])),
    prodRoles: [roleIn(PROD, "Release", ADMIN, trusting([devRole("CI"), devRole("Admin")]))],
  });
  const byId = new Map(paths.map((p) => [idOf(p), p]));
  assert.equal(byId.get("CI -> Release")?.certainty, "maybe");
  const through = byId.get("CI -> Admin");
  assert.ok(through, [...byId.keys()].join("\n"));
  assert.equal(through.certainty, "yes");
  assert.equal("certainty" in through.reaches && through.reaches.certainty, "yes");
});

test("a longer loop that comes back to the caller before reaching anything else is no path", () => {
  // CI -> Admin -> Hop -> CI -> Deploy: Admin and Hop only lead back to CI.
  const ids = rollup({
    admin: roleIn(DEV, "Admin", ADMIN, trusting(devRole("CI"))),
    devRoles: [roleIn(DEV, "Hop", ASSUME_ANY, trusting(devRole("Admin")))],
  }).map(idOf);
  assert.ok(ids.includes("Hop -> CI"), ids.join("\n"));
  assert.ok(!ids.includes("CI -> Admin"), ids.join("\n"));
});

test("a role leading back to its caller through a role that holds much in its own account is still a path", () => {
  // Production's Ops (an administrator there) may assume dev's Gate, which gives nothing itself
  // but leads to dev's Admin (every action but iam:* under dev's SCP), trusted by Gate alone; Admin
  // may assume Ops back. Ops gains in dev what Admin holds, which no way of its own reaches.
  const dev = snapshotWith({
    accountId: DEV,
    roles: [
      roleIn(DEV, "Gate", ASSUME_ANY, trusting(`arn:aws:iam::${PROD}:role/Ops`)),
      roleIn(DEV, "Admin", ADMIN, trusting(devRole("Gate"))),
    ],
    organization: organizationWith({ Effect: "Deny", Action: "iam:*", Resource: "*" }),
  });
  const prod = snapshotWith({
    accountId: PROD,
    roles: [roleIn(PROD, "Ops", ADMIN, trusting(devRole("Admin")))],
  });
  const ids = crossAccountPaths(
    catalog,
    [
      { accountId: PROD, snapshot: prod },
      { accountId: DEV, snapshot: dev },
    ],
    ORG_ID,
  ).map(idOf);
  assert.ok(ids.includes("Ops -> Gate"), ids.join("\n"));
});
