import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type RecommendJob, recommendJobs } from "../core/engine/audit/recommend-job.js";
import type { Catalog } from "../core/engine/catalog/catalog.js";
import type { ObservedAction } from "../core/engine/generate/types.js";
import { parsePolicyOrThrow } from "../core/engine/policy/parse.js";
import { loadCatalog } from "../core/node/load-catalog.js";
import { measure } from "./measure.js";

const root = resolve(fileURLToPath(import.meta.url), "../..");

/** Deterministic pseudo-random numbers, so every run generates the same principals. */
function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Goal: minimized, proven policies for 1,000 principals with 50–500 observed actions each. */
export async function run(): Promise<void> {
  // The threads run the built worker, as `whittle audit` does, not the sources through a loader.
  execFileSync(process.execPath, ["cli/build.mjs"], { cwd: root, stdio: "inherit" });
  const built = (await import(
    pathToFileURL(join(root, "dist/cli/recommend-pool.js")).href
  )) as typeof import("../core/node/recommend-pool.js");
  const catalog = loadCatalog();
  const jobs = generationJobs(catalog, Number(process.env.WHITTLE_BENCH_PRINCIPALS ?? 1000));
  const actions = jobs.reduce((n, job) => n + job.observed.length, 0);
  console.log(`  ${jobs.length} principals, ${actions} observed actions`);
  const environment = { catalog, observable: catalog.fullSet(), options: {} };
  // What `whittle audit` does with more than one core: the goal's figure, measured first, on a
  // heap that holds no other results.
  const threads = availableParallelism() < 2 ? "this thread (one core)" : "threads, as an audit does";
  const threaded = await measure(`generate + prove minimized policies, ${threads} (goal < 3 s)`, () =>
    built.threadedRecommender("auto")(jobs, environment),
  );
  let proven = 0;
  let documents = 0;
  for (const result of threaded)
    if ("recommendation" in result) {
      proven++;
      documents += result.recommendation.policies.length;
    }
  console.log(
    `  ${proven} proven recommendations (${documents} policy documents), ${threaded.length - proven} refused`,
  );
  const expected = threaded.map(digest);
  threaded.length = 0;
  const cpu = process.cpuUsage();
  const serial = await measure("the same in this thread alone", () => recommendJobs(jobs, environment));
  const used = process.cpuUsage(cpu);
  // On a shared machine the wall time says more about the neighbours than about the engine.
  console.log(`  CPU ${((used.user + used.system) / 1000).toFixed(0)} ms`);
  const differs = serial.findIndex((r, i) => digest(r) !== expected[i]);
  if (differs >= 0) throw new Error(`the threaded recommendation ${differs} differs from this thread's`);
}

const digest = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex");

/** The bench's principals, as the audit's jobs: each one's policies as data, compiled where computed. */
export function generationJobs(catalog: Catalog, count: number): RecommendJob[] {
  const random = seeded(42);
  const currents = [
    parsePolicyOrThrow(
      { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
      "admin",
    ),
    parsePolicyOrThrow(
      {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", NotAction: ["iam:*", "organizations:*"], Resource: "*" }],
      },
      "power-user",
    ),
  ];
  const fill = (format: string, n: number) =>
    format
      .replace("${Partition}", "aws")
      .replace("${Region}", "us-east-1")
      .replace("${Account}", "123456789012")
      .replace(/\$\{[^}]+\}/g, () => `r${n}`);
  const principals = Array.from({ length: count }, (_, p) => {
    const count = 50 + Math.floor(random() * 451);
    const observed: ObservedAction[] = [];
    for (let i = 0; i < count; i++) {
      const action = catalog.actions[Math.floor(random() * catalog.size)]!;
      const format = action.resourceTypes[0]?.arnFormat;
      const resources =
        action.wildcardOnly || !format
          ? []
          : Array.from({ length: 1 + Math.floor(random() * 3) }, (_, r) => fill(format, r));
      observed.push({
        action: action.key,
        count: 1 + Math.floor(random() * 50),
        resources,
        unscopedCalls: resources.length ? 0 : 1,
      });
    }
    return { name: `principal-${p}`, observed, policy: currents[p % 2]! };
  });
  return principals.map((p) => ({
    principalArn: `arn:aws:iam::123456789012:role/${p.name}`,
    principalName: p.name,
    principalType: "role",
    policies: { identity: [{ source: p.name, policy: p.policy }] },
    retained: [],
    observed: p.observed,
    since: "2026-09-01T00:00:00Z",
  }));
}
