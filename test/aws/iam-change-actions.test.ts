import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { CHANGE_ACTIONS, CHANGE_WRITE_ACTIONS } from "../../core/aws/iam-change-actions.js";
import { catalog } from "../helpers/catalog.js";
import { repoRoot } from "../helpers/paths.js";

/** Every module of apply and rollback (`plan-*.ts`) and the IAM reads and writes they share. */
const CHANGE_FILES = [
  ...readdirSync(join(repoRoot, "core", "aws")).filter((file) => /^plan-.*\.ts$/.test(file)),
  "iam-writes.ts",
  "iam-state.ts",
];

/** The IAM commands a source file imports from the SDK, as the actions IAM authorizes them as. */
function iamCommands(file: string): string[] {
  const source = readFileSync(join(repoRoot, "core", "aws", file), "utf8");
  const imports = [...source.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*"@aws-sdk\/client-iam"/g)];
  return imports
    .flatMap((m) => m[1]!.split(","))
    .map((name) => name.trim())
    .filter((name) => name.endsWith("Command"))
    .map((name) => `iam:${name.slice(0, -"Command".length)}`);
}

test("the table lists exactly the IAM calls apply and rollback make", () => {
  const called = new Set(CHANGE_FILES.flatMap(iamCommands));
  assert.ok(called.size > 20);
  assert.deepEqual([...new Set(CHANGE_ACTIONS.map((a) => a.action))].sort(), [...called].sort());
});

for (const entry of CHANGE_ACTIONS)
  test(`${entry.action}: a ${entry.write ? "write" : "read"} on ${entry.resource}`, () => {
    const info = catalog.action(entry.action);
    assert.ok(info, `${entry.action} is in the action catalog`);
    assert.equal(
      entry.write,
      info.accessLevel === "Write" || info.accessLevel === "Permissions management",
      info.accessLevel,
    );
    assert.deepEqual(
      info.resourceTypes.map((r) => r.name),
      [entry.resource],
    );
  });

test("the write actions are the table's writes, none of them a read", () => {
  assert.equal(CHANGE_WRITE_ACTIONS.length, 17);
  for (const action of CHANGE_WRITE_ACTIONS) assert.doesNotMatch(action, /^iam:(Get|List)/);
});
