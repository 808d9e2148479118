import assert from "node:assert/strict";
import { test } from "node:test";
import { type CrossAccountPath, crossAccountPaths } from "../../../core/engine/organization/cross-account.js";
import type { Snapshot } from "../../../core/engine/snapshot/model.js";
import { catalog } from "../../helpers/catalog.js";
import { ADMIN, doc } from "../../helpers/policies.js";
import { snapshotWith, user } from "../../helpers/snapshot-fixture.js";
import { ASSUME_ANY, DEV, ORG_ID, PROD, roleIn, trusting } from "./org-fixture.js";

const devRole = (name: string) => `arn:aws:iam::${DEV}:role/${name}`;
const prodRole = (name: string) => `arn:aws:iam::${PROD}:role/${name}`;

/** Every action from one network only, and sts:AssumeRole on every role. */
const FROM_OFFICE_AND_ASSUME = doc(
  { Effect: "Allow", Action: "*", Resource: "*", Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } } },
  { Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" },
);

const pathsOf = (...snapshots: Snapshot[]) =>
  crossAccountPaths(
    catalog,
    snapshots.map((snapshot) => ({ accountId: snapshot.accountId, snapshot })),
    ORG_ID,
  );
const idOf = (p: CrossAccountPath) =>
  `${p.from.principalArn.split("/").pop()} -> ${p.to.roleArn.split("/").pop()}`;

test("a role that holds something itself and leads into another account is a path from its own account's callers", () => {
  // Dev's Hop is an administrator from the office network only, trusted by dev and production, and
  // may assume production's Deploy (an administrator trusting Hop). Dev's alice may assume any role:
  // she reaches production's administrator through Hop, which dev's own audit cannot see.
  const dev = snapshotWith({
    accountId: DEV,
    users: [
      user("alice", {
        arn: `arn:aws:iam::${DEV}:user/alice`,
        inlinePolicies: [{ name: "inline", document: ASSUME_ANY }],
      }),
    ],
    roles: [
      roleIn(
        DEV,
        "Hop",
        FROM_OFFICE_AND_ASSUME,
        trusting([`arn:aws:iam::${DEV}:root`, `arn:aws:iam::${PROD}:root`]),
      ),
    ],
  });
  const prod = snapshotWith({
    accountId: PROD,
    roles: [roleIn(PROD, "Deploy", ADMIN, trusting(devRole("Hop")))],
  });
  const paths = pathsOf(prod, dev);
  const byId = new Map(paths.map((p) => [idOf(p), p]));
  const alice = byId.get("alice -> Hop");
  assert.ok(alice, [...byId.keys()].join("\n"));
  assert.equal(alice.certainty, "yes");
  // Hop's own administrator access hangs on the network; its way into production does not.
  assert.deepEqual(alice.reaches, {
    escalation: ["administrator (conditional)", `assume Deploy in ${PROD} (admin)`],
    certainty: "yes",
  });
  // Production's Deploy gains Hop's office-only administrator access in dev.
  assert.ok(byId.has("Deploy -> Hop"), [...byId.keys()].join("\n"));
});

test("a role reached only through another account and leading back to the caller still gives what it holds", () => {
  // Production's Ops may assume dev's Gate, which may assume production's Release, trusted by Gate
  // alone and an office-only administrator; Release's only way on is Ops. Production's own
  // audit never sees Ops reach Release, so Ops -> Gate stays a path.
  const dev = snapshotWith({
    accountId: DEV,
    roles: [roleIn(DEV, "Gate", ASSUME_ANY, trusting(prodRole("Ops")))],
  });
  const prod = snapshotWith({
    accountId: PROD,
    roles: [
      roleIn(PROD, "Ops", ASSUME_ANY, trusting(`arn:aws:iam::${PROD}:root`)),
      roleIn(PROD, "Release", FROM_OFFICE_AND_ASSUME, trusting(devRole("Gate"))),
    ],
  });
  const ids = pathsOf(prod, dev).map(idOf);
  assert.ok(ids.includes("Gate -> Release"), ids.join("\n"));
  assert.ok(ids.includes("Ops -> Gate"), ids.join("\n"));
});
