/**
 * `npm run bench -- record-reader [--events N]`: the delivery reader (only the fields the engine
 * reads) against JSON.parse on the same decompressed files, CPU time of each, interleaved file by
 * file so that both see the same machine. Default 200,000 events (bench/ingest-corpus.ts files).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { readDeliveryRecords } from "../core/engine/activity/record-reader.js";
import type { ActivityItem } from "../core/engine/activity/types.js";
import { generateTrail } from "./ingest-corpus.js";

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

export async function run(): Promise<void> {
  const at = process.argv.indexOf("--events");
  const events = at > 0 ? Number(process.argv[at + 1]) : 200_000;
  const dir = mkdtempSync(join(tmpdir(), "whittle-reader-bench-"));
  try {
    generateTrail(dir, events);
    let parse = 0;
    let reader = 0;
    const files = readdirSync(dir).sort();
    files.forEach((name, i) => {
      const text = gunzipSync(readFileSync(join(dir, name))).toString("utf8");
      const timeParse = () => {
        const start = cpuMs();
        JSON.parse(text);
        parse += cpuMs() - start;
      };
      const timeReader = () => {
        const start = cpuMs();
        if (!readDeliveryRecords(text, name, [] as ActivityItem[])) throw new Error(`${name} not read`);
        reader += cpuMs() - start;
      };
      if (i % 2 === 0) {
        timeParse();
        timeReader();
      } else {
        timeReader();
        timeParse();
      }
    });
    console.log(
      `${events.toLocaleString("en")} events in ${files.length} files, load ${loadavg()[0]!.toFixed(2)}`,
    );
    console.log(`  JSON.parse          CPU ${(parse / 1000).toFixed(2)} s`);
    console.log(
      `  delivery reader     CPU ${(reader / 1000).toFixed(2)} s  ${(reader / parse).toFixed(2)}× JSON.parse`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
