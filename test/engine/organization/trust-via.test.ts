import assert from "node:assert/strict";
import { test } from "node:test";
import { AccountPermissions } from "../../../core/engine/account/permissions.js";
import { assumableRoles } from "../../../core/engine/findings/permissive/escalation/assume.js";
import { crossAccountPaths } from "../../../core/engine/organization/cross-account.js";
import { catalog } from "../../helpers/catalog.js";
import { ADMIN, doc } from "../../helpers/policies.js";
import { snapshotWith } from "../../helpers/snapshot-fixture.js";
import { ASSUME_ANY, DEV, ORG_ID, PROD, roleIn } from "./org-fixture.js";

const ROOT = `arn:aws:iam::${DEV}:root`;
const CALLER = `arn:aws:iam::${DEV}:role/Caller`;
const HOP = `arn:aws:iam::${DEV}:role/Hop`;
const FROM_OFFICE = { IpAddress: { "aws:SourceIp": "192.0.2.0/24" } };
const allow = (AWS: string, Condition?: object) => ({
  Effect: "Allow",
  Principal: { AWS },
  Action: "sts:AssumeRole",
  ...(Condition ? { Condition } : {}),
});

/**
 * The label of dev's Caller (which may assume any role) into dev's Hop, trusted by `hopTrust`, as
 * the escalation graph and the organization rollup give it: Hop gives nothing in dev but may
 * assume production's Admin, so the rollup follows Caller into it.
 */
function labels(hopTrust: object) {
  const dev = snapshotWith({
    accountId: DEV,
    roles: [
      roleIn(DEV, "Hop", ASSUME_ANY, hopTrust),
      roleIn(DEV, "Caller", ASSUME_ANY, doc(allow("arn:aws:iam::111122223333:root"))),
    ],
  });
  const prod = snapshotWith({ accountId: PROD, roles: [roleIn(PROD, "Admin", ADMIN, doc(allow(HOP)))] });
  const rollup = crossAccountPaths(
    catalog,
    [
      { accountId: PROD, snapshot: prod },
      { accountId: DEV, snapshot: dev },
    ],
    ORG_ID,
  ).find((p) => p.from.principalArn === CALLER && p.to.roleArn === HOP);
  const ctx = { catalog, snapshot: dev, account: new AccountPermissions(catalog, dev) };
  const graph = assumableRoles(ctx, ctx.account.of(CALLER)!).find((e) => e.role.arn === HOP);
  return {
    graph: graph && [graph.via, graph.certainty],
    rollup: rollup && [rollup.via, rollup.certainty],
  };
}

test("a trust admitting the caller surely by its account and only from one network as anyone is shown as the account", () => {
  const both = labels(doc(allow(ROOT), allow("*", FROM_OFFICE)));
  assert.deepEqual(both, { graph: ["account", "yes"], rollup: ["account", "yes"] });
});

test("a trust admitting the caller surely by its account and by name only under a condition is shown as the account", () => {
  const both = labels(doc(allow(CALLER, FROM_OFFICE), allow(ROOT)));
  assert.deepEqual(both, { graph: ["account", "yes"], rollup: ["account", "yes"] });
});

test("a trust admitting the caller as anyone not named and by its account is shown as the account, the narrower", () => {
  const notNamed = {
    Effect: "Allow",
    NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" },
    Action: "sts:AssumeRole",
  };
  const both = labels(doc(notNamed, allow(ROOT)));
  assert.deepEqual(both, { graph: ["account", "yes"], rollup: ["account", "yes"] });
});

test("across accounts, a caller let in surely as a member of the organization and by its account only under a condition is shown as anyone", () => {
  const deploy = roleIn(
    PROD,
    "Deploy",
    ADMIN,
    doc(allow(ROOT, FROM_OFFICE), allow("*", { StringEquals: { "aws:PrincipalOrgID": ORG_ID } })),
  );
  const path = crossAccountPaths(
    catalog,
    [
      { accountId: PROD, snapshot: snapshotWith({ accountId: PROD, roles: [deploy] }) },
      {
        accountId: DEV,
        snapshot: snapshotWith({ accountId: DEV, roles: [roleIn(DEV, "CI", ASSUME_ANY, doc(allow(ROOT)))] }),
      },
    ],
    ORG_ID,
  ).find((p) => p.to.roleArn.endsWith("/Deploy"));
  assert.deepEqual(path && [path.via, path.certainty], ["anyone", "yes"]);
});
