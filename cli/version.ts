import { readFileSync } from "node:fs";

/** Whittle's version, from package.json (written into every report). */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}
