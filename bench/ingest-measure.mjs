// One measured run of the ingest bench, in a process of its own so that its peak RSS is the run's
// alone, and in plain Node (no TypeScript loader), as users run it:
//   node bench/ingest-measure.mjs OUT.json floor DIR     gunzip + JSON.parse of every file, one thread
//   node bench/ingest-measure.mjs OUT.json audit ARGS... `whittle audit ARGS...` (the built CLI)
// Writes {ms, cpuMs, maxRssKb} to OUT.json when the process exits.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";

const [out, mode, ...args] = process.argv.slice(2);
const started = performance.now();
process.on("exit", () => {
  const cpu = process.cpuUsage();
  const measurement = {
    ms: performance.now() - started,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssKb: process.resourceUsage().maxRSS,
  };
  writeFileSync(out, JSON.stringify(measurement));
});
if (mode === "floor") {
  let events = 0;
  // The fastest single-thread way: synchronous zlib, no callbacks or thread hand-offs.
  for (const file of readdirSync(args[0]).sort()) {
    const raw = gunzipSync(readFileSync(join(args[0], file)));
    events += JSON.parse(raw.toString("utf8")).Records.length;
  }
  process.stdout.write(`${events}\n`);
} else {
  process.argv = [process.argv[0], new URL("../bin/whittle.js", import.meta.url).pathname, "audit", ...args];
  await import("../bin/whittle.js");
}
