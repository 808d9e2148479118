import assert from "node:assert/strict";
import { test } from "node:test";
import { crossAccountPaths } from "../../../core/engine/organization/cross-account.js";
import type { Role, Snapshot, User } from "../../../core/engine/snapshot/model.js";
import { catalog } from "../../helpers/catalog.js";
import { ADMIN, doc } from "../../helpers/policies.js";
import { snapshotWith, user } from "../../helpers/snapshot-fixture.js";
import { ASSUME_ANY, DEV, organizationWith, PROD, roleIn, trusting } from "./org-fixture.js";

const DEV_ARN = `arn:aws:iam::${DEV}:user/dev`;
const CALLER_ARN = `arn:aws:iam::${DEV}:role/Caller`;
const HOP_ARN = `arn:aws:iam::${DEV}:role/Hop`;
const READ_ONLY = doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" });
const BOUNDARY_ARN = `arn:aws:iam::${DEV}:policy/read-only`;
const DENY_ASSUME = doc({ Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" });
const DENYING_BOUNDARY_ARN = `arn:aws:iam::${DEV}:policy/deny-assume`;

/**
 * Production's Admin trusts dev's Hop, which gives nothing in dev but may assume any role; Hop
 * trusts `hopTrust`. Dev's user `dev` and role `Caller` have only what `extra` gives them. The
 * paths found from dev's own principals into Hop, as [caller, via, certainty, blockedBy].
 */
function intoHop(
  hopTrust: object,
  extra: { user?: Partial<User>; role?: Partial<Role>; organization?: Snapshot["organization"] } = {},
) {
  const found = crossAccountPaths(
    catalog,
    [
      snapshotWith({ accountId: PROD, roles: [roleIn(PROD, "Admin", ADMIN, trusting(HOP_ARN))] }),
      snapshotWith({
        accountId: DEV,
        users: [user("dev", { arn: DEV_ARN, ...extra.user })],
        roles: [
          roleIn(DEV, "Hop", ASSUME_ANY, hopTrust),
          roleIn(DEV, "Caller", READ_ONLY, trusting(`arn:aws:iam::${DEV}:role/Nobody`), extra.role),
        ],
        managedPolicies: {
          [BOUNDARY_ARN]: {
            arn: BOUNDARY_ARN,
            name: "read-only",
            isAwsManaged: false,
            defaultVersionId: "v1",
            document: READ_ONLY,
          },
          [DENYING_BOUNDARY_ARN]: {
            arn: DENYING_BOUNDARY_ARN,
            name: "deny-assume",
            isAwsManaged: false,
            defaultVersionId: "v1",
            document: DENY_ASSUME,
          },
        },
        ...(extra.organization ? { organization: extra.organization } : {}),
      }),
    ].map((snapshot) => ({ accountId: snapshot.accountId, snapshot })),
  );
  return found
    .filter((p) => p.to.roleArn === HOP_ARN)
    .map((p) => [p.from.principalArn, p.via, p.certainty, p.blockedBy]);
}

test("inside one account a trust naming the caller's ARN lets it assume the role with no permission of its own", () => {
  assert.deepEqual(intoHop(trusting([DEV_ARN, CALLER_ARN])), [
    [DEV_ARN, "named", "yes", undefined],
    [CALLER_ARN, "named", "yes", undefined],
  ]);
});

test("a trust naming only the account still needs the caller's own sts:AssumeRole", () => {
  assert.deepEqual(intoHop(trusting(`arn:aws:iam::${DEV}:root`)), []);
});

test("an explicit Deny of sts:AssumeRole in the named caller's policies refuses it", () => {
  const deny = { inlinePolicies: [{ name: "deny", document: DENY_ASSUME }] };
  assert.deepEqual(intoHop(trusting([DEV_ARN, CALLER_ARN]), { user: deny, role: deny }), []);
  const denyingBoundary = { permissionsBoundaryArn: DENYING_BOUNDARY_ARN };
  assert.deepEqual(
    intoHop(trusting([DEV_ARN]), { user: denyingBoundary }),
    [],
    "a user's boundary still denies",
  );
});

test("a named role is limited by its permissions boundary, a named user is not", () => {
  const bounded = { permissionsBoundaryArn: BOUNDARY_ARN };
  assert.deepEqual(intoHop(trusting([DEV_ARN, CALLER_ARN]), { user: bounded, role: bounded }), [
    [DEV_ARN, "named", "yes", undefined],
  ]);
});

test("an SCP denying sts:AssumeRole still blocks the named caller, and says so", () => {
  const guard = organizationWith({ Effect: "Deny", Action: "sts:AssumeRole", Resource: HOP_ARN });
  const found = intoHop(trusting([DEV_ARN]), { organization: guard });
  assert.equal(found.length, 1);
  assert.equal(found[0]![0], DEV_ARN);
  assert.ok(
    (found[0]![3] as string[]).some((arn) => arn.endsWith("/p-guard")),
    JSON.stringify(found),
  );
});

const anyoneWhoIs = (arn: string) =>
  doc({
    Effect: "Allow",
    Principal: { AWS: "*" },
    Action: "sts:AssumeRole",
    Condition: { ArnEquals: { "aws:PrincipalArn": arn } },
  });
const CALLER_SESSION = `arn:aws:sts::${DEV}:assumed-role/Caller/session`;

test("inside one account a trust granting * lets the caller it admits in with no permission of its own", () => {
  assert.deepEqual(intoHop(anyoneWhoIs(DEV_ARN)), [[DEV_ARN, "anyone", "yes", undefined]]);
  assert.deepEqual(
    intoHop(anyoneWhoIs(CALLER_ARN), { role: { permissionsBoundaryArn: BOUNDARY_ARN } }),
    [[CALLER_ARN, "anyone", "yes", undefined]],
    "no permissions boundary limits a grant to *",
  );
});

test("a trust naming a session of a role lets it in despite a boundary without sts:AssumeRole", () => {
  const bounded = { permissionsBoundaryArn: BOUNDARY_ARN };
  assert.deepEqual(intoHop(trusting(CALLER_SESSION), { role: bounded }), [
    [CALLER_ARN, "named", "yes", undefined],
  ]);
  assert.deepEqual(
    intoHop(trusting(CALLER_ARN), { role: bounded }),
    [],
    "a grant to the role's ARN is still limited by its boundary",
  );
});

test("an explicit Deny of sts:AssumeRole in the caller refuses a grant to * and to its session", () => {
  const deny = { inlinePolicies: [{ name: "deny", document: DENY_ASSUME }] };
  assert.deepEqual(intoHop(anyoneWhoIs(DEV_ARN), { user: deny }), []);
  assert.deepEqual(intoHop(trusting(CALLER_SESSION), { role: deny }), []);
  const denyingBoundary = { permissionsBoundaryArn: DENYING_BOUNDARY_ARN };
  assert.deepEqual(intoHop(anyoneWhoIs(DEV_ARN), { user: denyingBoundary }), [], "a boundary's Deny refuses");
  assert.deepEqual(
    intoHop(trusting(CALLER_SESSION), { role: denyingBoundary }),
    [],
    "a boundary's Deny refuses",
  );
});

test("an SCP denying sts:AssumeRole still blocks a grant to *, and says so", () => {
  const guard = organizationWith({ Effect: "Deny", Action: "sts:AssumeRole", Resource: HOP_ARN });
  const found = intoHop(anyoneWhoIs(DEV_ARN), { organization: guard });
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.ok(
    (found[0]![3] as string[]).some((arn) => arn.endsWith("/p-guard")),
    JSON.stringify(found),
  );
});

test("across accounts a trust granting * still needs the caller's own sts:AssumeRole", () => {
  const into = (policies: Partial<User>) =>
    crossAccountPaths(
      catalog,
      [
        snapshotWith({ accountId: PROD, roles: [roleIn(PROD, "Admin", ADMIN, anyoneWhoIs(DEV_ARN))] }),
        snapshotWith({ accountId: DEV, users: [user("dev", { arn: DEV_ARN, ...policies })] }),
      ].map((snapshot) => ({ accountId: snapshot.accountId, snapshot })),
    ).map((p) => [p.from.principalArn, p.to.roleArn, p.via, p.certainty]);
  assert.deepEqual(into({}), []);
  assert.deepEqual(into({ inlinePolicies: [{ name: "assume", document: ASSUME_ANY }] }), [
    [DEV_ARN, `arn:aws:iam::${PROD}:role/Admin`, "anyone", "yes"],
  ]);
});
