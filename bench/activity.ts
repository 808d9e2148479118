/**
 * `npm run bench -- activity [--events N]`: CloudTrail throughput. Generates N realistic events
 * in gzipped delivery files (seeded, so every run reads the same bytes), then measures, each in
 * its own child process so peak RSS is that run's alone:
 *   baseline — gunzip + JSON.parse of every file, nothing else;
 *   pipeline — the file source, record validation, mapping, attribution and aggregation.
 * Goals: pipeline ≥ 70 % of baseline events/s; pipeline peak RSS < 512 MB at 10 M events.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { ActivityAggregator } from "../core/engine/activity/aggregate.js";
import { cloudTrailFileSource } from "../core/node/cloudtrail-files.js";
import { loadCatalog } from "../core/node/load-catalog.js";
import { generate } from "./activity-corpus.js";

interface Measurement {
  events: number;
  compressedBytes: number;
  rawBytes: number;
  ms: number;
  maxRssKb: number;
}

export async function run(): Promise<void> {
  const flag = process.argv.indexOf("--events");
  const sizes = flag > 0 ? [Number(process.argv[flag + 1])] : [1_000_000, 10_000_000];
  for (const size of sizes) {
    if (!Number.isSafeInteger(size) || size < 1) throw new Error("--events takes a positive integer");
    const dir = mkdtempSync(join(tmpdir(), "whittle-bench-activity-"));
    try {
      const started = performance.now();
      generate(dir, size);
      console.log(
        `${fmt(size)} events in ${readdirSync(dir).length} files, generated in ${secs(performance.now() - started)}`,
      );
      const baseline = measure("baseline", dir);
      // Same files: the pipeline's byte rates use the sizes the baseline counted.
      const pipeline = {
        ...measure("pipeline", dir),
        compressedBytes: baseline.compressedBytes,
        rawBytes: baseline.rawBytes,
      };
      report("gunzip + JSON.parse", baseline);
      report("whittle pipeline", pipeline);
      const ratio = pipeline.events / pipeline.ms / (baseline.events / baseline.ms);
      console.log(`  ratio ${(ratio * 100).toFixed(0)} % of baseline (goal ≥ 70 %)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

function report(name: string, m: Measurement): void {
  const s = m.ms / 1000;
  console.log(
    `  ${name.padEnd(20)} ${fmt(Math.round(m.events / s))} events/s, ` +
      `${(m.compressedBytes / 1e6 / s).toFixed(1)} MB/s compressed, ${(m.rawBytes / 1e6 / s).toFixed(1)} MB/s raw, ` +
      `peak RSS ${(m.maxRssKb / 1024).toFixed(0)} MB (${secs(m.ms)})`,
  );
}

function measure(mode: "baseline" | "pipeline", dir: string): Measurement {
  const self = fileURLToPath(import.meta.url);
  const out = execFileSync(process.execPath, ["--import", "tsx", self, "--measure", mode, dir], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(out.trim().split("\n").at(-1)!) as Measurement;
}

async function child(mode: string, dir: string): Promise<void> {
  let compressedBytes = 0;
  let rawBytes = 0;
  let events = 0;
  // The catalog is built once per process before any audit; its load is not throughput.
  const catalog = loadCatalog();
  const started = performance.now();
  if (mode === "baseline") {
    const unzip = promisify(gunzip);
    for (const file of readdirSync(dir).sort()) {
      const bytes = await readFile(join(dir, file));
      const raw = await unzip(bytes);
      compressedBytes += bytes.length;
      rawBytes += raw.length;
      events += (JSON.parse(raw.toString("utf8")) as { Records: unknown[] }).Records.length;
    }
  } else {
    const aggregator = new ActivityAggregator(catalog);
    const window = { start: "2026-01-01T00:00:00Z", end: "2027-01-01T00:00:00Z", days: 365 };
    for await (const batch of cloudTrailFileSource([dir]).read(window))
      for (const item of batch) aggregator.add(item);
    const result = aggregator.result();
    if (result.warnings.length > 0) throw new Error(`unexpected warning: ${result.warnings[0]?.message}`);
    events = result.events;
  }
  const ms = performance.now() - started;
  const measurement: Measurement = {
    events,
    compressedBytes,
    rawBytes,
    ms,
    maxRssKb: process.resourceUsage().maxRSS,
  };
  console.log(JSON.stringify(measurement));
}

const fmt = (value: number) => value.toLocaleString("en-US");
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const measureFlag = process.argv.indexOf("--measure");
if (measureFlag > 0 && process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await child(process.argv[measureFlag + 1]!, process.argv[measureFlag + 2]!);
}
