import assert from "node:assert/strict";
import { test } from "node:test";
import { runAudit } from "../../../core/engine/audit.js";
import type { PolicyLinter } from "../../../core/engine/findings/lint-ahead.js";
import { ownDocuments } from "../../../core/engine/findings/own-documents.js";
import { lintPolicy } from "../../../core/engine/policy/lint/index.js";
import { documentText } from "../../../core/engine/snapshot/document-text.js";
import { readOfflineSnapshot } from "../../../core/engine/snapshot/offline.js";
import { catalog } from "../../helpers/catalog.js";
import { largeAccountGaad } from "../../helpers/large-account.js";

const now = new Date("2026-11-22T00:00:00Z");
const text = JSON.stringify(largeAccountGaad({ roles: 40, seed: 5 }));
const snapshot = {
  description: "generated account",
  load: async () => readOfflineSnapshot({ snapshot: { file: "gaad.json", text }, collectedAt: now }),
};
const options = { catalog, now, days: 90, version: "test" };
const inLine = await runAudit({ snapshot, activity: [] }, options);
const warnings = inLine.findings.filter((f) => f.kind === "policy-warning");

/** Answers as the lint thread must, in this thread; counts its calls and documents. */
function linter(
  answer: (documents: readonly unknown[]) => ReturnType<PolicyLinter["lint"]>,
  minDocuments = 0,
) {
  const calls: number[] = [];
  const lint: PolicyLinter = {
    minDocuments,
    lint: (documents) => {
      calls.push(documents.length);
      return answer(documents);
    },
  };
  return { lint, calls };
}
const faithful = async (documents: readonly unknown[]) => ({
  catalogVersion: catalog.version,
  problems: documents.map((d) => lintPolicy(catalog, d, { kind: "identity" })),
});

test("an audit whose documents are linted ahead reports exactly what linting in line reports", async () => {
  assert.ok(warnings.length > 20, `only ${warnings.length} policy-warning findings`);
  const { lint, calls } = linter(faithful);
  const report = await runAudit({ snapshot, activity: [] }, { ...options, linter: lint });
  assert.equal(calls.length, 1);
  assert.equal(JSON.stringify(report), JSON.stringify(inLine));
});

test("each document's findings come from the answer given for that document's text", async () => {
  // Every answer names its own document: a finding showing another document's text was mismatched.
  const { lint } = linter(async (documents) => ({
    catalogVersion: catalog.version,
    problems: documents.map((d) => [
      { code: "marker", severity: "warning" as const, path: "", message: documentText(d) },
    ]),
  }));
  const report = await runAudit({ snapshot, activity: [] }, { ...options, linter: lint });
  const marked = report.findings.filter((f) => f.kind === "policy-warning");
  assert.ok(marked.length >= warnings.length);
  const documentOf = new Map([...ownDocuments(await snapshot.load())].map((d) => [d.source, d.document]));
  for (const f of marked) {
    const [problem] = f.evidence.problems as { message: string }[];
    const document = documentOf.get(f.evidence.source as string);
    assert.ok(document, f.id);
    assert.equal(problem!.message, documentText(document), f.id);
  }
});

test("an answer that fails or does not fit is set aside, and the documents are linted in line", async () => {
  const answers: [string, (documents: readonly unknown[]) => ReturnType<PolicyLinter["lint"]>][] = [
    ["a failed thread", async () => Promise.reject(new Error("the lint thread exited with code 1"))],
    // Another catalog's answers differ: here, none of its problems.
    [
      "another catalog",
      async (documents) => ({ catalogVersion: "0.0.0", problems: documents.map(() => []) }),
    ],
    ["one answer short", async (documents) => ({ ...(await faithful(documents.slice(1))) })],
    [
      "answers without problems",
      async (documents) => ({ catalogVersion: catalog.version, problems: documents.map(() => []) }),
    ],
  ];
  for (const [name, answer] of answers.slice(0, 3)) {
    const { lint, calls } = linter(answer);
    const report = await runAudit({ snapshot, activity: [] }, { ...options, linter: lint });
    assert.equal(calls.length, 1, name);
    assert.equal(JSON.stringify(report), JSON.stringify(inLine), name);
  }
  // The control: an answer that fits is believed, so the cases above were set aside, not ignored.
  const { lint } = linter(answers[3]![1]);
  const report = await runAudit({ snapshot, activity: [] }, { ...options, linter: lint });
  assert.equal(report.findings.filter((f) => f.kind === "policy-warning").length, 0);
});

test("an account with fewer distinct documents than the linter's minimum is linted in line", async () => {
  const { lint, calls } = linter(faithful, 1_000_000);
  const report = await runAudit({ snapshot, activity: [] }, { ...options, linter: lint });
  assert.deepEqual(calls, []);
  assert.equal(JSON.stringify(report), JSON.stringify(inLine));
});
