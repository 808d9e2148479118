import assert from "node:assert/strict";
import { test } from "node:test";
import { crossAccountPaths } from "../../../core/engine/organization/cross-account.js";
import type { RootAccess } from "../../../core/engine/organization/root-access.js";
import type { Snapshot } from "../../../core/engine/snapshot/model.js";
import { catalog } from "../../helpers/catalog.js";
import { doc } from "../../helpers/policies.js";
import { snapshotWith } from "../../helpers/snapshot-fixture.js";
import { DEV, devWithRooter, ORG_ID, organizationWith, orgReportFixture, PROD } from "./org-fixture.js";

const MANAGEMENT = "999999999999";
const ROOT_PASSWORD = "arn:aws:iam::aws:policy/root-task/IAMCreateRootUserPassword";

/** The management account (no one there allowed sts:AssumeRoot) and production, a member. */
const management = () =>
  snapshotWith({
    accountId: MANAGEMENT,
    organization: { ...organizationWith(), managementAccountId: MANAGEMENT },
  });
const prod = () => snapshotWith({ accountId: PROD, organization: organizationWith() });

const STS_ALL = doc({ Effect: "Allow", Action: "sts:*", Resource: "*" });
const NAMES_ASSUME_ROOT = doc({ Effect: "Allow", Action: "sts:AssumeRoot", Resource: "arn:aws:iam::*:root" });

const fromDev = (snapshots: Snapshot[], rootAccess?: RootAccess) =>
  crossAccountPaths(
    catalog,
    snapshots.map((snapshot) => ({ accountId: snapshot.accountId, snapshot })),
    ORG_ID,
    MANAGEMENT,
    rootAccess,
  )
    .filter((p) => p.from.accountId === DEV && p.assumeRoot)
    .map((p) => [p.from.principalArn.split("/").pop(), p.to.roleArn, p.certainty, p.assumeRoot]);

test("IAM's delegated administrator read from the organization has its paths to member root users, its principals allowed sts:AssumeRoot through wildcards alone", () => {
  const delegated = { taskPolicy: ROOT_PASSWORD, delegatedAdministrator: true };
  const root = `arn:aws:iam::${PROD}:root`;
  assert.deepEqual(
    fromDev([management(), prod(), devWithRooter(STS_ALL)], { delegatedAdministrators: [DEV] }),
    [
      ["rooter", root, "maybe", delegated],
      ["Admin", root, "maybe", delegated],
    ],
  );
});

test("once IAM's delegated administrator is read, a member account that is not it has no sts:AssumeRoot path, whatever its policies name", () => {
  assert.deepEqual(
    fromDev([management(), prod(), devWithRooter(NAMES_ASSUME_ROOT)], {
      delegatedAdministrators: ["444444444444"],
    }),
    [],
  );
  assert.deepEqual(
    fromDev([management(), prod(), devWithRooter(NAMES_ASSUME_ROOT)], { delegatedAdministrators: [] }),
    [],
  );
});

test("where IAM's delegated administrator could not be read, a member account naming sts:AssumeRoot is taken for it and the rollup warns it is unknown", async () => {
  const unread = { delegatedAdministratorsUnread: "AccessDeniedException: not authorized" };
  assert.equal(fromDev([management(), prod(), devWithRooter(NAMES_ASSUME_ROOT)], unread).length, 2);
  assert.deepEqual(fromDev([management(), prod(), devWithRooter(STS_ALL)], unread), []);
  const report = await orgReportFixture([management(), prod(), devWithRooter(STS_ALL)], MANAGEMENT, unread);
  const warning = report.warnings.find((w) => w.startsWith("IAM's delegated administrator is unknown"));
  assert.match(warning ?? "", /AccessDeniedException: not authorized.*only through a wildcard/);
  const read = await orgReportFixture([management(), prod(), devWithRooter(STS_ALL)], MANAGEMENT, {
    delegatedAdministrators: [DEV],
  });
  assert.ok(!read.warnings.some((w) => w.includes("delegated administrator")), JSON.stringify(read.warnings));
  assert.equal(read.crossAccountPaths.filter((p) => p.from.accountId === DEV && p.assumeRoot).length, 2);
});

test("root sessions read off keep the paths conditional and say so in their titles", async () => {
  const report = await orgReportFixture([management(), prod(), devWithRooter(STS_ALL)], MANAGEMENT, {
    delegatedAdministrators: [DEV],
    enabledFeatures: ["RootCredentialsManagement"],
  });
  const paths = report.crossAccountPaths.filter((p) => p.from.accountId === DEV && p.assumeRoot);
  assert.equal(paths.length, 2);
  for (const path of paths) {
    assert.equal(path.certainty, "maybe");
    assert.equal(path.severity, "medium");
    assert.deepEqual(path.assumeRoot, {
      taskPolicy: ROOT_PASSWORD,
      delegatedAdministrator: true,
      rootSessionsOff: true,
    });
    assert.match(
      path.title,
      /as IAM's delegated administrator, then its password recovered; root sessions were not enabled when read\)/,
    );
  }
  const enabled = await orgReportFixture([management(), prod(), devWithRooter(STS_ALL)], MANAGEMENT, {
    delegatedAdministrators: [DEV],
    enabledFeatures: ["RootCredentialsManagement", "RootSessions"],
  });
  assert.ok(enabled.crossAccountPaths.every((p) => !p.assumeRoot?.rootSessionsOff));
});
