import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { packCatalogData } from "../../core/engine/catalog/pack.js";
import {
  PACKED_CATALOG_FILE,
  packPublishedData,
  readCatalogData,
  readPackedCatalog,
  writePackedCatalog,
} from "../../core/node/load-catalog.js";

const dir = mkdtempSync(join(tmpdir(), "whittle-load-catalog-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("the packed catalog written by the build is read back for the installed data", () => {
  writePackedCatalog(dir);
  const packed = readPackedCatalog(join(dir, PACKED_CATALOG_FILE));
  assert.ok(packed);
  assert.equal(packed.version, readCatalogData().version);
});

test("a packed catalog of other data, of another format or missing is not used", () => {
  const file = join(dir, PACKED_CATALOG_FILE);
  writePackedCatalog(dir);
  const packed = JSON.parse(readFileSync(file, "utf8"));
  writeFileSync(file, JSON.stringify({ ...packed, version: "0.0.1" }));
  assert.equal(readPackedCatalog(file), undefined);
  writeFileSync(file, JSON.stringify({ ...packed, format: 0 }));
  assert.equal(readPackedCatalog(file), undefined);
  assert.equal(readPackedCatalog(join(dir, "none.json")), undefined);
});

test("packing the published data one service at a time gives what packing it whole gives", () => {
  assert.deepEqual(packPublishedData(), packCatalogData(readCatalogData()));
});
