import assert from "node:assert/strict";
import {
  chmodSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { replaceFile } from "../../core/node/replace-file.js";

test("a replaced file keeps its permissions, and a link keeps pointing at the file it names", async () => {
  const dir = mkdtempSync(join(tmpdir(), "whittle-replace-file-"));
  try {
    const file = join(dir, "s.json");
    writeFileSync(file, "old");
    chmodSync(file, 0o600);
    const link = join(dir, "latest.json");
    symlinkSync(file, link);
    await replaceFile(link, "new");
    assert.equal(lstatSync(link).isSymbolicLink(), true);
    assert.equal(readFileSync(file, "utf8"), "new");
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(dir).sort(), ["latest.json", "s.json"]);
    await replaceFile(join(dir, "fresh.json"), "made");
    assert.equal(readFileSync(join(dir, "fresh.json"), "utf8"), "made");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
