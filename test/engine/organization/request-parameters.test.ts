import assert from "node:assert/strict";
import { test } from "node:test";
import { crossAccountPaths } from "../../../core/engine/organization/cross-account.js";
import { catalog } from "../../helpers/catalog.js";
import { ADMIN, doc } from "../../helpers/policies.js";
import { snapshotWith } from "../../helpers/snapshot-fixture.js";
import { DEV, ORG_ID, PROD, roleIn, trusting } from "./org-fixture.js";

const ASSUME = { Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" };

/** Dev's CI with `policy`; production's Deploy, an administrator trusting CI under `condition`. */
function certaintyOfPath(policy: object, condition?: object) {
  const dev = snapshotWith({
    accountId: DEV,
    roles: [roleIn(DEV, "CI", policy, trusting(`arn:aws:iam::${DEV}:root`))],
  });
  const prod = snapshotWith({
    accountId: PROD,
    roles: [roleIn(PROD, "Deploy", ADMIN, trusting(`arn:aws:iam::${DEV}:role/CI`, condition))],
  });
  const paths = crossAccountPaths(
    catalog,
    [
      { accountId: PROD, snapshot: prod },
      { accountId: DEV, snapshot: dev },
    ],
    ORG_ID,
  );
  assert.ok(paths.length <= 1, JSON.stringify(paths));
  return paths[0]?.certainty ?? "no path";
}

const externalId = (value: string) => ({ StringEquals: { "sts:ExternalId": value } });

test("a caller's own condition on the external id it sends is met by sending it", () => {
  // The external id is a parameter of the caller's AssumeRole request, which it sets itself.
  assert.equal(certaintyOfPath(doc({ ...ASSUME, Condition: externalId("build") })), "yes");
  assert.equal(
    certaintyOfPath(doc({ ...ASSUME, Condition: externalId("build") }), externalId("build")),
    "yes",
  );
  const mustSend = doc(ASSUME, {
    Effect: "Deny",
    Action: "sts:AssumeRole",
    Resource: "*",
    Condition: { StringNotEquals: { "sts:ExternalId": "build" } },
  });
  assert.equal(certaintyOfPath(mustSend), "yes");
  const pattern = doc({ ...ASSUME, Condition: { StringLike: { "sts:ExternalId": "build-*" } } });
  assert.equal(certaintyOfPath(pattern, externalId("build-7")), "yes");
});

test("a caller whose own policies allow only an external id the trust policy refuses has no path", () => {
  // One request carries one external id, read alike by the caller's policies and the trust policy.
  assert.equal(
    certaintyOfPath(doc({ ...ASSUME, Condition: externalId("build") }), externalId("deploy")),
    "no path",
  );
  const noneOrBuild = doc({ ...ASSUME, Condition: { StringEqualsIfExists: { "sts:ExternalId": "build" } } });
  assert.equal(certaintyOfPath(noneOrBuild, externalId("deploy")), "no path");
  const sendsNone = doc({ ...ASSUME, Condition: { Null: { "sts:ExternalId": "true" } } });
  assert.equal(certaintyOfPath(sendsNone, externalId("deploy")), "no path");
});

test("a caller's policies that do not test the external id meet any trust policy's", () => {
  assert.equal(certaintyOfPath(doc(ASSUME), externalId("deploy")), "yes");
});

const sessionName = (value: string) => ({ StringEquals: { "sts:RoleSessionName": value } });

test("a caller's own condition on its session name is met by the name it picks, unless the trust asks another", () => {
  const named = doc({ ...ASSUME, Condition: sessionName("ci-build") });
  assert.equal(certaintyOfPath(named), "yes");
  assert.equal(certaintyOfPath(named, sessionName("ci-build")), "yes");
  assert.equal(certaintyOfPath(named, sessionName("deploy")), "no path");
});
