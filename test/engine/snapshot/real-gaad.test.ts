import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { looksLikeGaad } from "../../../core/engine/snapshot/gaad-schema.js";
import { snapshotSchema } from "../../../core/engine/snapshot/model.js";
import { readOfflineSnapshot } from "../../../core/engine/snapshot/offline.js";
import { policiesOf } from "../../../core/engine/snapshot/policies-of.js";
import { realData } from "../../helpers/paths.js";

const collectedAt = new Date("2026-01-01T00:00:00Z");

/** Every JSON file in the real corpora that is a GAAD (some cloudsplaining files are its results). */
function realGaadFiles(): string[] {
  const dirs = [realData("cloudsplaining"), realData("cloudmapper-demo")];
  return dirs.flatMap((dir) =>
    readdirSync(dir)
      .filter((name) => name.endsWith(".json"))
      .map((name) => `${dir}/${name}`)
      .filter((path) => looksLikeGaad(JSON.parse(readFileSync(path, "utf8")))),
  );
}

test("the real corpora hold the six known GAADs and nothing else is mistaken for one", () => {
  const names = realGaadFiles().map((p) => p.split("/").pop());
  assert.deepEqual(names.sort(), [
    "example-gaad-iam-vulnerable.json",
    "example_authz_details_for_overrides_complete.json",
    "example_authz_v2.json",
    "iam-get-account-authorization-details.json",
    "managed_policy_mismatch.json",
    "test-gaad-small.json",
  ]);
});

for (const file of realGaadFiles()) {
  test(`reads ${file.split("/test/data/")[1]} into a valid snapshot with every document decoded`, () => {
    const raw = JSON.parse(readFileSync(file, "utf8"));
    const snapshot = readOfflineSnapshot({
      snapshot: { file, text: readFileSync(file, "utf8") },
      collectedAt,
    });
    assert.equal(snapshotSchema.safeParse(snapshot).success, true);
    assert.equal(snapshot.users.length, raw.UserDetailList?.length ?? 0);
    assert.equal(snapshot.roles.length, raw.RoleDetailList?.length ?? 0);
    assert.equal(snapshot.groups.length, raw.GroupDetailList?.length ?? 0);
    for (const policy of Object.values(snapshot.managedPolicies))
      assert.equal(typeof policy.document, "object");
    for (const role of snapshot.roles) assert.equal(typeof role.trustPolicy, "object");
    for (const p of [...snapshot.users, ...snapshot.roles]) {
      const policies = policiesOf(snapshot, p.arn);
      assert.ok(policies, p.arn);
      for (const applied of policies.identity) assert.equal(typeof applied.document, "object");
    }
  });
}

test("iam-vulnerable: dates in the CLI's `2023-03-09 10:41:34+00:00` form become ISO, the account is inferred", () => {
  const file = realData("cloudsplaining", "example-gaad-iam-vulnerable.json");
  const snapshot = readOfflineSnapshot({ snapshot: { file, text: readFileSync(file, "utf8") }, collectedAt });
  assert.equal(snapshot.accountId, "200611803367");
  const user = snapshot.users.find((u) => u.name === "fn1-privesc3-partial-user");
  assert.equal(user?.createDate, "2023-03-09T10:41:45.000Z");
  assert.deepEqual(user?.attachedPolicyArns, [
    "arn:aws:iam::200611803367:policy/fn1-passrole-star",
    "arn:aws:iam::200611803367:policy/fn1-privesc3-partial",
  ]);
});

test("a GAAD filtered without AWS managed policies warns that their grants are unknown", () => {
  const file = realData("cloudsplaining", "example_authz_v2.json");
  const snapshot = readOfflineSnapshot({ snapshot: { file, text: readFileSync(file, "utf8") }, collectedAt });
  assert.ok(snapshot.warnings.some((w) => w.includes("arn:aws:iam::aws:policy/AdministratorAccess")));
});

test("the CloudMapper demo: roles, instance profiles, managed policy attachment counts", () => {
  const file = realData("cloudmapper-demo", "iam-get-account-authorization-details.json");
  const snapshot = readOfflineSnapshot({ snapshot: { file, text: readFileSync(file, "utf8") }, collectedAt });
  assert.equal(snapshot.accountId, "123456789012");
  assert.deepEqual(snapshot.roles.map((r) => r.name).sort(), ["bad_role", "exfiller", "level1", "level3"]);
  const ssm = snapshot.managedPolicies["arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM"];
  assert.equal(ssm?.isAwsManaged, true);
  assert.equal(ssm?.attachmentCount, 1);
  assert.equal(ssm?.defaultVersionId, "v8");
});
