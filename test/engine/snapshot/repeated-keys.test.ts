import assert from "node:assert/strict";
import { test } from "node:test";
import { SnapshotInputError } from "../../../core/engine/snapshot/errors.js";
import { readOfflineSnapshot } from "../../../core/engine/snapshot/offline.js";

const collectedAt = new Date("2026-01-01T00:00:00Z");
const ADMIN = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };

const role = (name: string) =>
  JSON.stringify({
    Path: "/",
    RoleName: name,
    RoleId: `AROA${name.toUpperCase()}`,
    Arn: `arn:aws:iam::111122223333:role/${name}`,
    CreateDate: "2024-01-02T03:04:05Z",
    AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [] },
    RolePolicyList: [{ PolicyName: "admin", PolicyDocument: ADMIN }],
  });

const read = (text: string) => readOfflineSnapshot({ snapshot: { file: "merged.json", text }, collectedAt });

// JSON.parse keeps the last of a repeated key without a word: the first list of roles, or a role's
// first list of inline policies, would be left out of the audit, an administrator among them.
test("a snapshot file holding a key twice in one object is an error naming the file and the key's path", () => {
  const twoLists = `{"RoleDetailList": [${role("admin")}], "RoleDetailList": [${role("app")}]}`;
  assert.throws(
    () => read(twoLists),
    (error: unknown) =>
      error instanceof SnapshotInputError &&
      error.file === "merged.json" &&
      error.path === "RoleDetailList" &&
      /twice/.test(error.message),
  );
  const shadowed = `{"RoleDetailList": [${role("app").replace(/}$/, ', "RolePolicyList": []}')}]}`;
  assert.throws(
    () => read(shadowed),
    (error: unknown) =>
      error instanceof SnapshotInputError && error.path === "RoleDetailList[0].RolePolicyList",
  );
});

test("in pages printed one after another, the repeated key is named with its page", () => {
  const page = (body: string) => `{"RoleDetailList": [${body}], "IsTruncated": true}`;
  const last = `{"RoleDetailList": [], "IsTruncated": false, "IsTruncated": false}`;
  assert.throws(
    () => read(`${page(role("a"))}\n${last}`),
    (error: unknown) => error instanceof SnapshotInputError && error.path === "value 2: IsTruncated",
  );
});

test("a key repeated only inside a document given as text is read, with the warning that names it", () => {
  const document = '{"Version":"2012-10-17","Statement":[],"Statement":[]}';
  const gaad = JSON.stringify({
    RoleDetailList: [
      { ...JSON.parse(role("app")), RolePolicyList: [{ PolicyName: "p", PolicyDocument: document }] },
    ],
  });
  const snapshot = read(gaad);
  assert.equal(snapshot.roles.length, 1);
  assert.ok(
    snapshot.warnings.some((w) => w.includes('holds the key "Statement" twice')),
    snapshot.warnings.join("\n"),
  );
});
