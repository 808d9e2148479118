import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { jsonChunks } from "../../core/node/json-chunks.js";
import { writeReportFiles } from "../../core/node/report-files.js";
import { reportFixture } from "../fixtures/report-fixture.js";

const text = (value: unknown, depth?: number) => [...jsonChunks(value, depth)].join("");

test("the pieces of jsonChunks join into exactly JSON.stringify's text", () => {
  const awkward = {
    a: undefined,
    b: [undefined, () => 1, null, { c: undefined, d: '\u2028 é "q" </script>' }, [], {}],
    e: new Date(0),
    f: { toJSON: () => "custom" },
    g: Object.assign(Object.create(null), { h: 1 }),
    i: Symbol("s"),
    j: NaN,
    k: new Map([[1, 2]]),
  };
  for (const value of [awkward, reportFixture(), [], {}, [1, [2, [3]]], "s", 1, null])
    for (const depth of [1, 2, 3, 5])
      assert.equal(text(value, depth), JSON.stringify(value), `depth ${depth}`);
});

test("report.json holds the report as compact JSON, beside the HTML, Markdown and policy files", async () => {
  const dir = mkdtempSync(join(tmpdir(), "whittle-report-files-"));
  try {
    const report = reportFixture();
    // Large enough to be written in several pieces.
    report.findings = Array.from({ length: 400 }, () => report.findings).flat();
    const written = await writeReportFiles(dir, report);
    const json = readFileSync(join(dir, "report.json"), "utf8");
    assert.ok(json.length > 3 << 20, `${json.length} bytes`);
    assert.equal(json, `${JSON.stringify(report)}\n`);
    assert.deepEqual(JSON.parse(json), report);
    const policies = report.recommendations.flatMap((r) => r.policies);
    assert.ok(policies.length > 0);
    assert.equal(written.files.length, 3 + policies.length);
    assert.deepEqual(readdirSync(dir).sort(), ["policies", "report.html", "report.json", "report.md"]);
    for (const p of policies) {
      const file = readFileSync(join(dir, "policies", `${p.name}.json`), "utf8");
      assert.deepEqual(JSON.parse(file), p.document);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("every policy file is written whole, however many are written at once, and no partial file stays", async () => {
  const dir = mkdtempSync(join(tmpdir(), "whittle-report-files-"));
  try {
    const report = reportFixture();
    const template = report.recommendations[0]!;
    report.recommendations = Array.from({ length: 60 }, (_, r) => ({
      ...template,
      policies: template.policies.map((p, i) => ({
        ...p,
        name: `whittle-role-r${r}-${i}`,
        document: {
          ...p.document,
          Statement: [
            { Sid: `S${r}x${i}`, Effect: "Allow" as const, Action: ["s3:GetObject"], Resource: ["*"] },
          ],
        },
      })),
    }));
    const written = await writeReportFiles(dir, report);
    const policies = report.recommendations.flatMap((r) => r.policies);
    assert.ok(policies.length >= 60);
    assert.equal(written.files.length, 3 + policies.length);
    assert.deepEqual(readdirSync(join(dir, "policies")).sort(), policies.map((p) => `${p.name}.json`).sort());
    for (const p of policies)
      assert.equal(
        readFileSync(join(dir, "policies", `${p.name}.json`), "utf8"),
        `${JSON.stringify(p.document, null, 2)}\n`,
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("two policy documents under one name are refused before any file is written", async () => {
  const dir = mkdtempSync(join(tmpdir(), "whittle-report-files-"));
  try {
    const report = reportFixture();
    const template = report.recommendations[0]!;
    const policy = template.policies[0]!;
    report.recommendations = [
      { ...template, policies: [{ ...policy, name: "whittle-role-same" }] },
      { ...template, policies: [{ ...policy, name: "WHITTLE-role-same" }] },
    ];
    await assert.rejects(writeReportFiles(dir, report), /two policy documents would be written to/);
    assert.deepEqual(readdirSync(join(dir, "policies")), []);
    assert.deepEqual(readdirSync(dir), ["policies"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
