import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Catalog } from "../core/engine/catalog/catalog.js";
import { PACKED_CATALOG_FILE, packPublishedData, readPackedCatalog } from "../core/node/load-catalog.js";

/**
 * One catalog load, run by bench/startup.ts in a fresh process with --expose-gc: prints its time,
 * the heap it keeps after a full collection, and how much the process's peak RSS grew while loading
 * (what each ingest worker thread pays). `packed` reads what the compiled CLI reads; `published`,
 * the package's own files, as the sources do.
 */
const source = process.argv[2];
const root = resolve(fileURLToPath(import.meta.url), "..", "..");
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");
gc();
const heapBefore = process.memoryUsage().heapUsed;
const rssBefore = process.memoryUsage().rss;
const start = performance.now();
const catalog =
  source === "packed"
    ? new Catalog(readPackedCatalog(join(root, "dist", "cli", PACKED_CATALOG_FILE))!)
    : new Catalog(packPublishedData());
const ms = performance.now() - start;
gc();
const retainedMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
const peakGrowthMb = (process.resourceUsage().maxRSS * 1024 - rssBefore) / 2 ** 20;
console.log(JSON.stringify({ ms, retainedMb, peakGrowthMb, actions: catalog.size }));
