import { readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { runAudit } from "../core/engine/audit.js";
import { loadCatalog } from "../core/node/load-catalog.js";
import { writeReportFiles } from "../core/node/report-files.js";
import { FileSnapshotSource } from "../core/node/snapshot-files.js";

/**
 * One offline audit of a GAAD file with report files, in a process of its own so that its peak
 * RSS is the audit's: `node --import tsx bench/large-account-run.ts GAAD OUT`. Prints one JSON
 * line: the audit's wall and CPU time, and its floor on the same input in the same run — reading
 * and JSON.parse of the GAAD, and writing as many bytes as the report files hold.
 */
const [gaad, out] = process.argv.slice(2) as [string, string];
const now = new Date("2026-11-22T00:00:00Z");
const catalog = loadCatalog();

const floorStart = performance.now();
JSON.parse(await readFile(gaad, "utf8"));
const parseMs = performance.now() - floorStart;

const cpu = process.cpuUsage();
const start = performance.now();
const report = await runAudit(
  { snapshot: new FileSnapshotSource({ snapshot: gaad, collectedAt: now }), activity: [] },
  { catalog, now, days: 90, version: "bench" },
);
const written = await writeReportFiles(out, report);
const ms = performance.now() - start;
const used = process.cpuUsage(cpu);
const peakMb = process.resourceUsage().maxRSS / 1024;

const sizes = await Promise.all(written.files.map(async (f) => (await stat(join(out, f))).size));
const bytes = sizes.reduce((a, b) => a + b, 0);
const writeStart = performance.now();
await writeFile(join(out, "floor.bin"), Buffer.alloc(bytes, 32));
const writeMs = performance.now() - writeStart;
await rm(join(out, "floor.bin"));

const html = (await stat(join(out, "report.html"))).size;
console.log(
  JSON.stringify({
    ms,
    cpuMs: (used.user + used.system) / 1000,
    floorMs: parseMs + writeMs,
    peakMb,
    findings: report.findings.length,
    principals: report.principals.length,
    htmlMb: html / 1e6,
    reportMb: bytes / 1e6,
  }),
);
