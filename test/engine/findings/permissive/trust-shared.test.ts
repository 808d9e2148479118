import assert from "node:assert/strict";
import { test } from "node:test";
import { AccountPermissions } from "../../../../core/engine/account/permissions.js";
import { evaluateTrust, roleTrust } from "../../../../core/engine/findings/permissive/trust/verdict.js";
import { parsePolicy } from "../../../../core/engine/policy/parse.js";
import { catalog } from "../../../helpers/catalog.js";
import { ACCOUNT, role, snapshotWith } from "../../../helpers/snapshot-fixture.js";
import { organizationWithRcp } from "../../organization/org-fixture.js";
import { trustDoc } from "./fixture.js";

const arn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const open = trustDoc({ AWS: "*" });
const partner = trustDoc({ AWS: "arn:aws:iam::444455556666:root" });
const roles = [
  role("open-a", { trustPolicy: open }),
  role("partner-a", { trustPolicy: partner }),
  role("open-b", { trustPolicy: open }),
  role("partner-b", { trustPolicy: partner }),
];

test("roles whose trust policies read alike get the verdict their own policy gets", () => {
  const snapshot = snapshotWith({ roles });
  const account = new AccountPermissions(catalog, snapshot);
  for (const r of roles) {
    const { policy } = parsePolicy(r.trustPolicy, { kind: "trust" });
    assert.deepEqual(
      roleTrust(account, r.arn),
      evaluateTrust(policy!, ACCOUNT, snapshot.collectedAt),
      r.name,
    );
  }
  assert.ok(roleTrust(account, arn("open-b"))?.outsider);
  assert.deepEqual(
    roleTrust(account, arn("partner-b"))?.accounts.map((a) => a.account),
    ["444455556666"],
  );
});

test("an RCP naming one role decides for that role only, whatever policy text it shares", () => {
  const organization = organizationWithRcp({
    Effect: "Deny",
    Principal: "*",
    Action: "sts:AssumeRole",
    Resource: arn("open-b"),
  });
  const account = new AccountPermissions(catalog, snapshotWith({ roles, organization }));
  assert.ok(roleTrust(account, arn("open-a"))?.outsider);
  assert.equal(roleTrust(account, arn("open-b"))?.outsider, undefined);
});

test("an RCP's exception by the role's own tag lets in whom the trust policy lets in", () => {
  const organization = organizationWithRcp({
    Effect: "Deny",
    Principal: "*",
    Action: "sts:AssumeRole",
    Resource: "*",
    Condition: {
      StringNotEqualsIfExists: { "aws:PrincipalOrgID": "o-abc123" },
      Null: { "aws:ResourceTag/dp:exclude": "true" },
    },
  });
  const tagged = [
    role("open-a", { trustPolicy: open, tags: [{ key: "dp:exclude", value: "true" }] }),
    role("open-b", { trustPolicy: open }),
  ];
  const account = new AccountPermissions(catalog, snapshotWith({ roles: tagged, organization }));
  assert.ok(roleTrust(account, arn("open-a"))?.outsider);
  assert.equal(roleTrust(account, arn("open-b"))?.outsider, undefined);
});
