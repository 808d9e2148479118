/**
 * `npm run bench -- ingest [--events 1000000,10000000] [--workers 1,2]`: CloudTrail ingest against
 * its floor. For each size, generates realistic gzipped delivery files (1.3 KB per event) in a
 * temporary folder, then measures, each in a child process so that peak RSS is that run's alone:
 *   floor  — gunzip + JSON.parse of every file on one thread, nothing else, done the fastest way
 *            (synchronous zlib: no callbacks, no thread hand-offs);
 *   ingest — the file source's parallel aggregation with N worker threads, merged in order
 *            (reading, decompressing, parsing, mapping, attribution, aggregation, merge).
 * Goals: ingest ≥ 1.0× the floor with one worker, ≥ 1.7× with two; peak RSS < 512 MB at 10 M.
 * The default is 1 M events; 10 M takes several minutes to generate and read.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gunzipSync } from "node:zlib";
import { ActivityAggregator } from "../core/engine/activity/aggregate.js";
import { cloudTrailFileSource } from "../core/node/cloudtrail-files.js";
import { loadCatalog } from "../core/node/load-catalog.js";
import { generateTrail } from "./ingest-corpus.js";

interface Measurement {
  events: number;
  ms: number;
  maxRssKb: number;
}

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
  console.log(
    `${cpus()[0]?.model ?? "cpu"}, ${availableParallelism()} cores, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}, Node ${process.version}`,
  );
  for (const size of sizes) {
    const dir = mkdtempSync(join(tmpdir(), "whittle-bench-ingest-"));
    try {
      const started = performance.now();
      generateTrail(dir, size);
      console.log(
        `${fmt(size)} events in ${readdirSync(dir).length} files, generated in ${secs(performance.now() - started)}`,
      );
      const floor = measure(["floor", dir]);
      line("floor: gunzip + JSON.parse, 1 thread", floor, floor);
      for (const n of workers)
        line(`ingest, ${n} worker${n > 1 ? "s" : ""}`, measure(["ingest", dir, String(n)]), floor);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

function line(label: string, m: Measurement, floor: Measurement): void {
  const rate = m.events / (m.ms / 1000);
  const ratio = floor.ms / m.ms;
  console.log(
    `  ${label.padEnd(38)} ${secs(m.ms).padStart(7)} ${fmt(Math.round(rate)).padStart(10)} events/s  ${ratio.toFixed(2)}× floor  peak RSS ${(m.maxRssKb / 1024).toFixed(0)} MB`,
  );
}

function measure(args: string[]): Measurement {
  const out = execFileSync(
    process.execPath,
    ["--import", "tsx", fileURLToPath(import.meta.url), "--measure", ...args],
    {
      encoding: "utf8",
      maxBuffer: 1 << 20,
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  return JSON.parse(out.trim().split("\n").at(-1)!) as Measurement;
}

async function child(mode: string, dir: string, workers: number): Promise<void> {
  // The catalog is built once per process before any audit; its load is not throughput.
  const catalog = loadCatalog();
  const started = performance.now();
  let events = 0;
  if (mode === "floor") {
    for (const file of readdirSync(dir).sort()) {
      const raw = gunzipSync(readFileSync(join(dir, file)));
      events += (JSON.parse(raw.toString("utf8")) as { Records: unknown[] }).Records.length;
    }
  } else {
    const window = { start: "2026-01-01T00:00:00Z", end: "2027-01-01T00:00:00Z" };
    const aggregator = new ActivityAggregator(catalog, { window });
    const source = cloudTrailFileSource([dir], { workers });
    for await (const part of source.aggregate!({ window, maxResources: 100, roles: [], context: {} }))
      aggregator.merge(part.aggregate);
    const result = aggregator.result();
    if (result.warnings.length > 0) throw new Error(`unexpected warning: ${result.warnings[0]?.message}`);
    events = result.events;
  }
  const measurement: Measurement = {
    events,
    ms: performance.now() - started,
    maxRssKb: process.resourceUsage().maxRSS,
  };
  console.log(JSON.stringify(measurement));
}

const fmt = (value: number) => value.toLocaleString("en-US");
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const at = process.argv.indexOf("--measure");
if (at > 0 && process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await child(process.argv[at + 1]!, process.argv[at + 2]!, Number(process.argv[at + 3] ?? 1));
}
