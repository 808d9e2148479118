import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Whittle's package folder, found from this module upwards: the CLI runs both from its sources
 * (cli/) and from the compiled bundle (dist/cli/), so paths relative to a module would differ.
 */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error("whittle: package.json not found above the CLI");
    dir = up;
  }
  return dir;
}
