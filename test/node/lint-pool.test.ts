import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { lintTexts } from "../../core/engine/findings/lint-documents.js";
import { documentText } from "../../core/engine/snapshot/document-text.js";
import { threadedLinter } from "../../core/node/lint-pool.js";
import { auditWith, listBucketsBy } from "../helpers/audit-fixture.js";
import { catalog } from "../helpers/catalog.js";
import { repoRoot } from "../helpers/paths.js";
import { role, snapshotWith } from "../helpers/snapshot-fixture.js";

// Real linter cases (parliament's test vectors): wildcards, NotResource, odd conditions, typos.
const vectors = JSON.parse(
  readFileSync(join(repoRoot, "test/data/parliament/test-vectors.json"), "utf8"),
) as { vectors: { policy: unknown }[] };
const policies = vectors.vectors.map((v) => v.policy);
const texts = [...new Set(policies.map(documentText))];

test("the lint thread answers each text with the problems this thread finds, in the texts' order", async () => {
  const answers = await threadedLinter(2, catalog)(texts);
  assert.deepEqual(answers, lintTexts(catalog, texts));
  assert.ok(answers!.filter((problems) => problems.length > 0).length >= 10);
});

test("the lint stays in the audit's thread with one thread, and for a small account by default", () => {
  assert.equal(threadedLinter(1, catalog)(texts), undefined);
  assert.equal(threadedLinter("auto", catalog)(texts.slice(0, 20)), undefined);
  assert.equal(threadedLinter(4, catalog)([]), undefined);
});

test("an audit linted in another thread reports what one linted here does, and so does one whose thread fails", async () => {
  const snapshot = snapshotWith({
    roles: policies.map((document, i) => role(`r${i}`, { inlinePolicies: [{ name: "own", document }] })),
  });
  const trail = [listBucketsBy("someone")];
  const here = await auditWith(snapshot, trail, {});
  const warnings = here.findings.filter((f) => f.kind === "policy-warning");
  assert.ok(warnings.length >= 10);
  for (const linter of [
    threadedLinter(2, catalog),
    () => Promise.reject(new Error("the lint thread exited with code 1")),
    async () => [],
  ]) {
    const there = await auditWith(snapshot, trail, { linter });
    assert.deepEqual(there.findings, here.findings);
    assert.deepEqual(there.sources.problems, here.sources.problems);
  }
});
