import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { Worker } from "node:worker_threads";
import { ownDocuments } from "../../core/engine/findings/own-documents.js";
import { lintPolicy } from "../../core/engine/policy/lint/index.js";
import { readOfflineSnapshot } from "../../core/engine/snapshot/offline.js";
import { lintThread } from "../../core/node/lint-thread.js";
import { catalog } from "../helpers/catalog.js";
import { largeAccountGaad } from "../helpers/large-account.js";
import { realData, repoRoot } from "../helpers/paths.js";

/** Every own document of real GAADs and of a generated account: what the thread must lint alike. */
const documents = [
  ["cloudsplaining", "example-gaad-iam-vulnerable.json"],
  ["cloudsplaining", "example_authz_details_for_overrides_complete.json"],
  ["cloudmapper-demo", "iam-get-account-authorization-details.json"],
].flatMap(([folder, file]) => {
  const text = readFileSync(realData(folder!, file!), "utf8");
  return [...ownDocuments(readOfflineSnapshot({ snapshot: { file: file!, text }, collectedAt: new Date() }))];
});
const generated = JSON.stringify(largeAccountGaad({ roles: 30, seed: 9 }));
documents.push(
  ...ownDocuments(
    readOfflineSnapshot({ snapshot: { file: "gaad.json", text: generated }, collectedAt: new Date() }),
  ),
);
const inLine = documents.map((d) => lintPolicy(catalog, d.document, { kind: "identity" }));

test("the lint thread answers, for every document, exactly what linting in line gives", async () => {
  assert.ok(documents.length > 100, `only ${documents.length} documents`);
  assert.ok(inLine.filter((p) => p.length > 0).length > 50, "too few documents with problems");
  const answer = await lintThread().lint(documents.map((d) => d.document));
  assert.equal(answer.catalogVersion, catalog.version);
  assert.deepEqual(answer.problems, inLine);
  // Same properties in the same order: report.json holds them as they come.
  assert.equal(JSON.stringify(answer.problems), JSON.stringify(inLine));
});

test("the compiled lint thread answers as the sources do", async () => {
  const compiled = join(repoRoot, "dist", "cli", "lint-worker.js");
  assert.ok(existsSync(compiled), "dist/cli/lint-worker.js: run `npm run build`");
  const worker = new Worker(compiled);
  const answer = await new Promise<{ catalogVersion: string; problems: unknown[] }>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
    worker.postMessage(documents.map((d) => d.document));
  });
  await worker.terminate();
  assert.equal(answer.catalogVersion, catalog.version);
  assert.equal(JSON.stringify(answer.problems), JSON.stringify(inLine));
});
