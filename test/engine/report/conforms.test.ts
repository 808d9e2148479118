import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { ZodError } from "zod";
import { runAudit } from "../../../core/engine/audit.js";
import { conformsTo } from "../../../core/engine/report/conforms.js";
import { type Report, reportSchema, validReport } from "../../../core/engine/report/schema.js";
import { readOfflineSnapshot } from "../../../core/engine/snapshot/offline.js";
import { cloudTrailFileSource } from "../../../core/node/cloudtrail-files.js";
import { FileSnapshotSource } from "../../../core/node/snapshot-files.js";
import { catalog } from "../../helpers/catalog.js";
import { largeAccountGaad } from "../../helpers/large-account.js";
import { realData, repoRoot } from "../../helpers/paths.js";

// Counts zod's parses of whole reports while the audits below run: each one is a copy.
const parse = reportSchema.parse.bind(reportSchema);
let copies = 0;
reportSchema.parse = ((data: unknown) => {
  copies++;
  return parse(data);
}) as typeof reportSchema.parse;

const now = new Date("2026-11-22T00:00:00Z");
const options = { catalog, now, days: 90, version: "test" };
const demo = join(repoRoot, "demo", "account");
// Recommendations, plans and coverage (the demo), and findings of every permission kind.
const demoReport = await runAudit(
  {
    snapshot: new FileSnapshotSource({ snapshot: join(demo, "gaad.json"), collectedAt: now }),
    activity: [cloudTrailFileSource([join(demo, "cloudtrail")], { workers: 1 })],
  },
  options,
);
const gaadReport = (text: string) =>
  runAudit(
    {
      snapshot: {
        description: "gaad",
        load: async () => readOfflineSnapshot({ snapshot: { file: "g.json", text }, collectedAt: now }),
      },
      activity: [],
    },
    options,
  );
const reports: [string, Report][] = [
  ["demo", demoReport],
  ["generated", await gaadReport(JSON.stringify(largeAccountGaad({ roles: 60, seed: 4 })))],
  [
    "iam-vulnerable",
    await runAudit(
      {
        snapshot: new FileSnapshotSource({
          snapshot: realData("cloudsplaining", "example-gaad-iam-vulnerable.json"),
          collectedAt: now,
        }),
        activity: [],
      },
      options,
    ),
  ],
];

const auditCopies = copies;
reportSchema.parse = parse as typeof reportSchema.parse;

/** What `f` gives: its value as JSON, or its error's message. */
function outcome(f: () => unknown): string {
  try {
    // Objects without a prototype marked: zod's copy would have one.
    const mark = (_: string, x: unknown) =>
      x !== null && typeof x === "object" && Object.getPrototypeOf(x) === null
        ? { "(no prototype)": { ...x } }
        : x;
    return `value ${JSON.stringify(f(), mark)}`;
  } catch (error) {
    return `error ${(error as Error).constructor.name} ${(error as Error).message}`;
  }
}

test("an audit's report is already what the schema's copy would be, and is returned uncopied", () => {
  assert.ok(
    demoReport.recommendations.length > 0 && demoReport.plans.length > 0 && demoReport.coverage?.length,
  );
  assert.equal(auditCopies, 0);
  for (const [name, report] of reports) {
    assert.equal(conformsTo(reportSchema)(report), true, name);
    assert.equal(validReport(report), report, name);
    assert.equal(JSON.stringify(report), JSON.stringify(reportSchema.parse(report)), name);
  }
});

/** Every object and array in `value` with its path, skipping `skip` of every `skip + 1`. */
function* nodes(value: unknown, path: (string | number)[] = []): Generator<(string | number)[]> {
  if (value === null || typeof value !== "object") return;
  yield path;
  for (const [key, child] of Object.entries(value))
    yield* nodes(child, [...path, Array.isArray(value) ? Number(key) : key]);
}

const REPLACEMENTS: unknown[] = [
  undefined,
  null,
  -1,
  0,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  "",
  "high",
  true,
  [],
  {},
  [undefined],
];

/** Ways to spoil (or merely reshape) one node: zod may refuse, copy in another order, or fill a default. */
function* mutations(node: Record<string | number, unknown>): Generator<string> {
  if (Array.isArray(node)) {
    if (node.length > 0) {
      yield "hole";
      yield "reversed";
    }
    yield "extra element";
  } else {
    yield "extra key";
    yield "__proto__ key";
    yield "reversed keys";
    yield "symbol key";
    yield "null prototype";
  }
  for (const key of Object.keys(node)) {
    yield `delete ${key}`;
    for (const i of REPLACEMENTS.keys()) yield `set ${key} ${i}`;
  }
}

function mutate(node: Record<string | number, unknown>, how: string): void {
  const entries = Object.entries(node);
  const [verb, key, index] = how.split(" ");
  if (how === "hole") (node as unknown as unknown[]).length += 1;
  else if (how === "reversed") (node as unknown as unknown[]).reverse();
  else if (how === "extra element")
    (node as unknown as unknown[]).push((node as unknown as unknown[])[0] ?? "x");
  else if (how === "extra key") node.zz = "x";
  else if (how === "__proto__ key")
    Object.defineProperty(node, "__proto__", {
      value: {},
      enumerable: true,
      writable: true,
      configurable: true,
    });
  else if (how === "symbol key") (node as Record<symbol, unknown>)[Symbol("s")] = 1;
  else if (how === "null prototype") Object.setPrototypeOf(node, null);
  else if (how === "reversed keys") {
    for (const [k] of entries) delete node[k];
    for (const [k, v] of entries.reverse()) node[k] = v;
  } else if (verb === "delete") delete node[key!];
  else node[key!] = structuredClone(REPLACEMENTS[Number(index)]);
}

type Node = Record<string | number, unknown>;
const nodeAt = (root: unknown, path: (string | number)[]): Node =>
  path.reduce((node, key) => node[key] as Node, root as Node);

/** A few of each list, so that a sweep over every node stays quick. */
function pruned(report: Report): Report {
  const few = <T>(list: T[]) => list.slice(0, 3);
  return {
    ...report,
    principals: few(report.principals),
    findings: few(report.findings),
    recommendations: few(report.recommendations),
    plans: few(report.plans),
    policies: Object.fromEntries(Object.entries(report.policies).slice(0, 2)),
  };
}

test("any spoiled or reshaped report gives what the schema's parse gives: the same refusal or the same copy", () => {
  let refused = 0;
  let copied = 0;
  for (const [name, whole] of reports) {
    const report = structuredClone(pruned(whole));
    assert.equal(validReport(report), report, name);
    const paths = [...nodes(report)];
    // A tree, no node shared: a spoiled copy of one node stands for a spoiled copy of the whole.
    assert.equal(new Set(paths.map((path) => nodeAt(report, path))).size, paths.length, name);
    const before = JSON.stringify(report);
    const step = Math.max(1, Math.floor(paths.length / 400));
    for (let p = 0; p < paths.length; p += step) {
      const path = paths[p]!;
      const original = nodeAt(report, path);
      const parent = path.length > 0 ? nodeAt(report, path.slice(0, -1)) : undefined;
      const key = path.at(-1)!;
      for (const how of mutations(original)) {
        // Only the spoiled node is copied and put in the report's place, then the original back.
        const node = structuredClone(original);
        mutate(node, how);
        const spoiled = parent ? report : (node as unknown as Report);
        if (parent) parent[key] = node;
        try {
          const expected = outcome(() => reportSchema.parse(spoiled));
          let returned: unknown;
          assert.equal(
            outcome(() => (returned = validReport(spoiled))),
            expected,
            `${name} ${path.join(".")}: ${how}`,
          );
          if (expected.startsWith("error")) refused++;
          else if (returned !== spoiled) copied++;
        } finally {
          if (parent) parent[key] = original;
        }
      }
    }
    // Neither zod nor the check wrote to what they were given.
    assert.equal(JSON.stringify(report), before, name);
  }
  // The sweep must reach both of zod's other answers, not only reports that pass as they are.
  assert.ok(refused > 1000 && copied > 100, `refused ${refused}, copied ${copied}`);
});

test("an audit whose report breaks the contract is refused with zod's error, as before", async () => {
  const snapshot = {
    description: 42 as unknown as string,
    load: async () =>
      readOfflineSnapshot({
        snapshot: { file: "g.json", text: JSON.stringify(largeAccountGaad({ roles: 3 })) },
        collectedAt: now,
      }),
  };
  await assert.rejects(runAudit({ snapshot, activity: [] }, options), (error) => {
    assert.ok(error instanceof ZodError);
    assert.deepEqual(
      error.issues.map((i) => i.path.join(".")),
      ["sources.snapshot"],
    );
    return true;
  });
});
