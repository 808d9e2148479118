import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, wherever the clone lives. */
export const repoRoot = resolve(fileURLToPath(new URL("../..", import.meta.url)));

/**
 * Public third-party data in ../shared/data/real beside the clone (see its SOURCES.md). Tests read
 * it in place rather than copying it into the repository.
 */
export function realData(...parts: string[]): string {
  return resolve(repoRoot, "..", "shared", "data", "real", ...parts);
}
