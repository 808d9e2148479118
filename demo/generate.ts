import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildDemo } from "./build.js";

/**
 * Writes the demo account: `npx tsx demo/generate.ts [--out DIR]` (default demo/account). The
 * output is a pure function of the committed code and the seed; the directory is replaced whole so
 * no stale delivery file survives a change of plan.
 */
const args = process.argv.slice(2);
const outIndex = args.indexOf("--out");
const out =
  outIndex >= 0 && args[outIndex + 1]
    ? resolve(args[outIndex + 1]!)
    : join(dirname(fileURLToPath(import.meta.url)), "account");

const files = buildDemo();
rmSync(out, { recursive: true, force: true });
let bytes = 0;
for (const [path, content] of files) {
  const target = join(out, path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, content);
  bytes += content.length;
}
process.stdout.write(`wrote ${files.size} files (${(bytes / 1024).toFixed(0)} KiB) to ${out}\n`);
