import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, wherever the clone lives. */
export const repoRoot = resolve(fileURLToPath(new URL("../..", import.meta.url)));

/** Public third-party data copied into test/data (sources and licences in test/data/SOURCES.md). */
export function realData(...parts: string[]): string {
  return resolve(repoRoot, "test", "data", ...parts);
}
