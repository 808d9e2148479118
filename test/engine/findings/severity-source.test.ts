import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";
import { repoRoot } from "../../helpers/paths.js";

/** The two tables that decide how loud something is: finding kinds, and lint codes. */
const TABLES = ["core/engine/findings/kinds.ts", "core/engine/policy/lint/codes.ts"];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

test('`grep -rn "severity:" core/engine` finds severities only in the kind table and the lint code table', () => {
  const hits = new Map<string, number[]>();
  for (const file of filesUnder(join(repoRoot, "core", "engine"))) {
    const lines = readFileSync(file, "utf8").split("\n");
    const at = lines.flatMap((line, i) => (line.includes("severity:") ? [i + 1] : []));
    if (at.length > 0) hits.set(relative(repoRoot, file).split("\\").join("/"), at);
  }
  const outside = [...hits].filter(([file]) => !TABLES.includes(file));
  assert.deepEqual(outside, [], "a severity written outside the two tables");
  // Both tables are found: the scan reads the sources it claims to read.
  assert.deepEqual([...hits.keys()].sort(), [...TABLES].sort());
});
