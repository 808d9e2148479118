import assert from "node:assert/strict";
import { test } from "node:test";
import { ESCALATION_PATHS } from "../../../../core/engine/findings/permissive/index.js";
import { catalog } from "../../../helpers/catalog.js";

test("the escalation table covers Rhino's 21 methods and the pathfinding.cloud catalog", () => {
  const rhino = new Set(ESCALATION_PATHS.flatMap((p) => (p.rhino ? [p.rhino] : [])));
  assert.deepEqual(
    [...rhino].sort((a, b) => a - b),
    Array.from({ length: 21 }, (_, i) => i + 1),
  );
  assert.ok(ESCALATION_PATHS.filter((p) => !p.id.startsWith("whittle-")).length >= 65);
});

test("path ids are unique", () => {
  const ids = ESCALATION_PATHS.map((p) => p.id);
  assert.equal(new Set(ids).size, ids.length);
});

for (const path of ESCALATION_PATHS) {
  test(`${path.id}: every required action exists in the catalog`, () => {
    assert.ok(path.requires.length > 0);
    for (const r of path.requires) assert.ok(catalog.action(r.action), `${r.action} is not an IAM action`);
  });
}
