import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { readOfflineSnapshot } from "../../../core/engine/snapshot/offline.js";
import { deserializeSnapshot, serializeSnapshot } from "../../../core/engine/snapshot/serialize.js";
import { realData } from "../../helpers/paths.js";
import { credentials, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

test("a snapshot survives serialization unchanged", () => {
  const file = realData("cloudsplaining", "example-gaad-iam-vulnerable.json");
  const snapshot = readOfflineSnapshot({
    snapshot: { file, text: readFileSync(file, "utf8") },
    collectedAt: new Date("2026-01-01T00:00:00Z"),
  });
  assert.deepEqual(deserializeSnapshot(serializeSnapshot(snapshot)), snapshot);
});

test("never-used (null) and unknown (absent) survive as different things", () => {
  const snapshot = snapshotWith({
    credentials: {
      a: credentials("a", { password: { enabled: true, lastUsed: null } }),
      b: credentials("b", { password: { enabled: true } }),
    },
  });
  const back = deserializeSnapshot(serializeSnapshot(snapshot));
  assert.equal(back.credentials.a?.password.lastUsed, null);
  assert.equal("lastUsed" in (back.credentials.b?.password ?? {}), false);
});

test("a whittle snapshot file is read back by the offline reader too", () => {
  const text = serializeSnapshot(snapshotWith({ roles: [role("r")] }));
  const read = readOfflineSnapshot({ snapshot: { file: "s.json", text }, collectedAt: new Date() });
  assert.equal(read.roles[0]?.name, "r");
});

test("another schemaVersion is refused with the version named", () => {
  const text = JSON.stringify({ ...snapshotWith(), schemaVersion: 2 });
  assert.throws(() => deserializeSnapshot(text, "future.json"), {
    name: "SnapshotInputError",
    message: /future\.json, at schemaVersion: unsupported snapshot schemaVersion 2/,
  });
});

test("unknown fields in our own format are errors naming the path", () => {
  const value = snapshotWith({ roles: [role("r")] });
  const text = JSON.stringify({ ...value, roles: [{ ...value.roles[0], surprise: true }] });
  assert.throws(() => deserializeSnapshot(text, "s.json"), {
    name: "SnapshotInputError",
    message: /at roles\[0\]/,
  });
});
