import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, promises, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { jsonChunks } from "../../core/node/json-chunks.js";
import { writeReportFiles } from "../../core/node/report-files.js";
import { reportFixture } from "../fixtures/report-fixture.js";
import { sharedPolicyPlans } from "../helpers/plan-fixture.js";

/** What a report folder holds, sorted, beside anything else in it. */
const REPORT_FOLDER = [".whittle-files.json", "policies", "report.html", "report.json", "report.md"];

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
    // The fixture's group plan creates a document no recommendation holds: it has its file too.
    const policies = [
      ...report.recommendations.flatMap((r) => r.policies),
      ...report.plans.flatMap((p) => p.create),
    ];
    assert.ok(policies.length > 0);
    assert.ok(report.plans.length > 0);
    assert.equal(written.files.length, 3 + policies.length);
    assert.deepEqual(readdirSync(dir).sort(), REPORT_FOLDER);
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
    report.plans = [];
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

const readPolicy = (dir: string, name: string) =>
  JSON.parse(readFileSync(join(dir, "policies", name), "utf8")) as unknown;

test("a plan's documents that no recommendation holds get their files: a group's policy and a shared policy's new version", async () => {
  const dir = mkdtempSync(join(tmpdir(), "whittle-report-files-"));
  try {
    const report = reportFixture();
    const [group] = report.plans;
    report.plans = [...report.plans, ...sharedPolicyPlans()];
    const shared = report.plans.find((p) => p.target.type === "policy")!;
    const written = await writeReportFiles(dir, report);
    assert.deepEqual(readPolicy(dir, "whittle-group-developers.json"), group!.create[0]!.document);
    assert.deepEqual(readPolicy(dir, "shared.json"), shared.create[0]!.document);
    assert.ok(written.files.includes("policies/shared.json"), written.files.join(" "));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a plan's document equal to its recommendation's shares the file; one whose name is taken keeps both", async () => {
  const dir = mkdtempSync(join(tmpdir(), "whittle-report-files-"));
  try {
    const report = reportFixture();
    const [rec] = report.recommendations;
    const [plan] = sharedPolicyPlans();
    const taken = rec!.policies[0]!;
    const same = { ...plan!, id: "plan-aaaaaaaaaaaa", create: [{ ...taken }] };
    // The shared policy's new version under the name of a different, recommended document.
    const clash = { ...plan!, id: "plan-0f1e2d3c4b5a", create: [{ ...plan!.create[0]!, name: taken.name }] };
    report.plans = [same, clash];
    const recFiles = report.recommendations.flatMap((r) => r.policies).length;
    const written = await writeReportFiles(dir, report);
    const files = readdirSync(join(dir, "policies")).sort();
    assert.equal(files.length, recFiles + 1, files.join(" "));
    assert.deepEqual(readPolicy(dir, `${taken.name}.json`), taken.document);
    assert.deepEqual(readPolicy(dir, `${taken.name}-plan-0f1e2d3c.json`), clash.create[0]!.document);
    assert.ok(written.files.includes(`policies/${taken.name}-plan-0f1e2d3c.json`));
    // Written again, the same report gives the same names.
    const again = await writeReportFiles(dir, report);
    assert.deepEqual(again.files, written.files);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const listing = (dir: string): Record<string, string> =>
  Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => {
        const path = join(e.parentPath, e.name);
        return [path.slice(dir.length + 1), readFileSync(path, "utf8")];
      }),
  );

/** A report whose report.json renders but whose HTML page does not (its findings are not findings). */
function unrenderable() {
  const report = reportFixture();
  report.accountId = "210987654321";
  report.findings = [null as unknown as (typeof report.findings)[number]];
  return report;
}

test("a failed write into a folder the run made removes what it wrote; a folder the user had keeps it", async () => {
  const root = mkdtempSync(join(tmpdir(), "whittle-report-files-"));
  try {
    const made = join(root, "made");
    mkdirSync(made);
    await assert.rejects(writeReportFiles(join(made, "report"), unrenderable()));
    assert.deepEqual(readdirSync(made), []);

    const had = join(root, "had");
    await writeReportFiles(had, reportFixture());
    writeFileSync(join(had, "notes.txt"), "mine");
    await assert.rejects(writeReportFiles(had, unrenderable()));
    assert.ok(readdirSync(had).includes("notes.txt"));
    assert.ok(readdirSync(had).includes("report.html"));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("a write that fails midway into a folder holding an earlier report leaves that report whole, not mixed with the new one", async () => {
  const dir = mkdtempSync(join(tmpdir(), "whittle-report-files-"));
  try {
    await writeReportFiles(dir, reportFixture());
    writeFileSync(join(dir, "notes.txt"), "mine");
    const earlier = listing(dir);
    // report.json is written before the HTML page fails.
    await assert.rejects(writeReportFiles(dir, unrenderable()));
    assert.deepEqual(listing(dir), earlier);
    assert.deepEqual(readdirSync(dir).sort(), [...REPORT_FOLDER, "notes.txt"].sort());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a move into place that fails midway puts back the earlier report's files", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "whittle-report-files-"));
  try {
    await writeReportFiles(dir, reportFixture());
    const earlier = listing(dir);
    const next = reportFixture();
    next.accountId = "210987654321";
    // The fourth rename fails: two files of the new report are in place by then.
    const rename = promises.rename;
    let calls = 0;
    t.mock.method(promises, "rename", (from: string, to: string) =>
      ++calls === 4
        ? Promise.reject(Object.assign(new Error("injected failure"), { code: "EIO" }))
        : rename(from, to),
    );
    syncBuiltinESMExports();
    t.after(() => {
      t.mock.restoreAll();
      syncBuiltinESMExports();
    });
    await assert.rejects(writeReportFiles(dir, next), /injected failure/);
    assert.ok(calls > 4, "the moves done were undone");
    assert.deepEqual(listing(dir), earlier);
    assert.deepEqual(readdirSync(dir).sort(), REPORT_FOLDER);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a folder under the name of a report file is refused before any file moves", async () => {
  const dir = mkdtempSync(join(tmpdir(), "whittle-report-files-"));
  try {
    await writeReportFiles(dir, reportFixture());
    rmSync(join(dir, "report.md"));
    mkdirSync(join(dir, "report.md"));
    writeFileSync(join(dir, "report.md", "mine.txt"), "mine");
    const earlier = listing(dir);
    const next = reportFixture();
    next.accountId = "210987654321";
    await assert.rejects(writeReportFiles(dir, next), /report\.md: it is a folder/);
    assert.deepEqual(listing(dir), earlier);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The fixture with `names` as its only recommended documents, and no plans. */
function recommending(...names: string[]) {
  const report = reportFixture();
  report.plans = [];
  const template = report.recommendations[0]!;
  const policy = template.policies[0]!;
  report.recommendations = names.map((name) => ({ ...template, policies: [{ ...policy, name }] }));
  return report;
}

test("a later run removes the earlier run's policy files it does not write itself, and keeps the user's own files", async () => {
  const dir = mkdtempSync(join(tmpdir(), "whittle-report-files-"));
  try {
    await writeReportFiles(dir, recommending("whittle-role-a", "whittle-role-b"));
    writeFileSync(join(dir, "policies", "my-own.json"), "{}");
    writeFileSync(join(dir, "notes.txt"), "mine");
    const written = await writeReportFiles(dir, recommending("whittle-role-a", "whittle-role-c"));
    assert.deepEqual(readdirSync(join(dir, "policies")).sort(), [
      "my-own.json",
      "whittle-role-a.json",
      "whittle-role-c.json",
    ]);
    assert.equal(readFileSync(join(dir, "notes.txt"), "utf8"), "mine");
    assert.deepEqual(written.warnings, []);
    // The third run removes the second's file, never the user's.
    await writeReportFiles(dir, recommending("whittle-role-a"));
    assert.deepEqual(readdirSync(join(dir, "policies")).sort(), ["my-own.json", "whittle-role-a.json"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a later run that fails removes none of the earlier run's files", async () => {
  const dir = mkdtempSync(join(tmpdir(), "whittle-report-files-"));
  try {
    await writeReportFiles(dir, recommending("whittle-role-a", "whittle-role-b"));
    const earlier = listing(dir);
    const failing = recommending("whittle-role-a");
    failing.findings = unrenderable().findings;
    await assert.rejects(writeReportFiles(dir, failing));
    assert.deepEqual(listing(dir), earlier);
    // The earlier manifest still names b: the next successful run removes it.
    await writeReportFiles(dir, recommending("whittle-role-a"));
    assert.deepEqual(readdirSync(join(dir, "policies")), ["whittle-role-a.json"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a folder holding a report without a file list keeps its policy files and the run warns how many it did not write", async () => {
  const dir = mkdtempSync(join(tmpdir(), "whittle-report-files-"));
  try {
    await writeReportFiles(dir, recommending("whittle-role-a", "whittle-role-b", "whittle-role-c"));
    // As an older version left it: no manifest.
    rmSync(join(dir, ".whittle-files.json"));
    const written = await writeReportFiles(dir, recommending("whittle-role-a"));
    assert.deepEqual(readdirSync(join(dir, "policies")).sort(), [
      "whittle-role-a.json",
      "whittle-role-b.json",
      "whittle-role-c.json",
    ]);
    assert.equal(written.warnings.length, 1);
    assert.match(written.warnings[0]!, /holds 2 policies\/\*\.json file\(s\) this run did not write/);
    // That run wrote a manifest: the next one warns of nothing new and still keeps b and c.
    const next = await writeReportFiles(dir, recommending("whittle-role-a"));
    assert.deepEqual(next.warnings, []);
    assert.equal(readdirSync(join(dir, "policies")).length, 3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a manifest naming files outside the report's layout removes none of them", async () => {
  const dir = mkdtempSync(join(tmpdir(), "whittle-report-files-"));
  try {
    await writeReportFiles(dir, recommending("whittle-role-a"));
    writeFileSync(join(dir, "notes.txt"), "mine");
    mkdirSync(join(dir, "policies", "sub"));
    writeFileSync(join(dir, "policies", "sub", "x.json"), "{}");
    writeFileSync(
      join(dir, ".whittle-files.json"),
      JSON.stringify({ files: ["notes.txt", "../outside.json", "policies/sub/x.json", "/etc/hosts"] }),
    );
    await writeReportFiles(dir, recommending("whittle-role-a"));
    assert.equal(readFileSync(join(dir, "notes.txt"), "utf8"), "mine");
    assert.equal(readFileSync(join(dir, "policies", "sub", "x.json"), "utf8"), "{}");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
