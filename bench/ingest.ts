/**
 * `npm run bench -- ingest [--events 1000000,10000000] [--workers 1,2]`: CloudTrail ingest against
 * its floor. For each size, generates realistic gzipped delivery files (1.3 KB per event) and the
 * account they belong to in a temporary folder, then measures, each in a plain Node process of its
 * own (bench/ingest-measure.mjs) so that peak RSS is that run's alone:
 *   floor  — gunzip + JSON.parse of every file on one thread, nothing else, done the fastest way;
 *   audit  — the whole `whittle audit --cloudtrail DIR --workers N` of the built CLI (N threads
 *            parse, the main one included): reading, decompressing, parsing, mapping,
 *            attribution, aggregation, merge, findings, policies and report files.
 * Goals: audit ≥ 1.0× the floor with one thread, ≥ 1.7× with two; peak RSS < 512 MB at 10 M.
 * CPU time is printed beside wall time: on a shared machine the wall time also measures the neighbours.
 * The default is 1 M events; 10 M takes several minutes to generate and read.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { MALLOC_ENV } from "../bin/malloc-threshold.js";
import { accountSnapshot, generateTrail, TRAIL_DAYS, TRAIL_END } from "./ingest-corpus.js";

interface Measurement {
  ms: number;
  cpuMs: number;
  maxRssKb: number;
}

const root = resolve(fileURLToPath(import.meta.url), "../..");

const list = (flag: string, fallback: number[]) => {
  const at = process.argv.indexOf(flag);
  const values = at > 0 ? (process.argv[at + 1] ?? "").split(",").map(Number) : fallback;
  if (!values.every((v) => Number.isSafeInteger(v) && v > 0))
    throw new Error(`${flag} takes positive integers`);
  return values;
};

export async function run(): Promise<void> {
  const sizes = list("--events", [1_000_000]);
  const workers = list("--workers", [1, 2]);
  // The CLI as built from these sources, not whatever dist/ held before.
  execFileSync(process.execPath, ["cli/build.mjs"], { cwd: root, stdio: "inherit" });
  console.log(
    `${cpus()[0]?.model ?? "cpu"}, ${availableParallelism()} cores, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}, Node ${process.version}`,
  );
  for (const size of sizes) {
    const dir = mkdtempSync(join(tmpdir(), "whittle-bench-ingest-"));
    try {
      const trail = join(dir, "trail");
      mkdirSync(trail);
      const started = performance.now();
      generateTrail(trail, size);
      writeFileSync(join(dir, "gaad.json"), JSON.stringify(accountSnapshot()));
      console.log(
        `${fmt(size)} events in ${readdirSync(trail).length} files, generated in ${secs(performance.now() - started)}`,
      );
      const floor = measure(dir, ["floor", trail]);
      line("floor: gunzip + JSON.parse, 1 thread", floor, floor);
      for (const n of workers) {
        const out = join(dir, `out-${n}`);
        const args = ["--snapshot", join(dir, "gaad.json"), "--cloudtrail", trail, "--workers", String(n)];
        const m = measure(dir, [
          "audit",
          ...args,
          "--now",
          TRAIL_END,
          "--days",
          String(TRAIL_DAYS),
          "--out",
          out,
          "--quiet",
        ]);
        const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as {
          activity?: { events?: number };
        };
        if (report.activity?.events !== size)
          throw new Error(`the audit read ${report.activity?.events} events, not ${size}`);
        line(`whittle audit, --workers ${n}`, m, floor);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

function line(label: string, m: Measurement, floor: Measurement): void {
  console.log(
    `  ${label.padEnd(38)} ${secs(m.ms).padStart(7)} (CPU ${secs(m.cpuMs).padStart(7)})  ${(floor.ms / m.ms).toFixed(2)}× floor  peak RSS ${(m.maxRssKb / 1024).toFixed(0)} MB`,
  );
}

function measure(dir: string, args: string[]): Measurement {
  const out = join(dir, "measurement.json");
  const run = spawnSync(process.execPath, [join(root, "bench", "ingest-measure.mjs"), out, ...args], {
    encoding: "utf8",
    stdio: ["ignore", "ignore", "pipe"],
    // What bin/whittle.js restarts an audit with: set here, the measured process is the audit itself.
    env: { ...process.env, ...MALLOC_ENV },
  });
  if (run.status !== 0) throw new Error(`${args[0]} failed (exit ${run.status}): ${run.stderr}`);
  return JSON.parse(readFileSync(out, "utf8")) as Measurement;
}

const fmt = (value: number) => value.toLocaleString("en-US");
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
