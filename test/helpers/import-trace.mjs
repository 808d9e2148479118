// `node --import ./test/helpers/import-trace.mjs ...` prints `import: URL` on stderr for every module
// the program loads (node: builtins aside), so a test can check what a command pulls in.
import { writeSync } from "node:fs";
import { register } from "node:module";

if (!process.env.WHITTLE_IMPORT_TRACE_HOOK) {
  process.env.WHITTLE_IMPORT_TRACE_HOOK = "1";
  register(import.meta.url);
}

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  // Written to the descriptor at once: the hooks run on a thread of their own, whose buffered
  // stderr writes a short command can exit before flushing.
  if (!resolved.url.startsWith("node:")) writeSync(2, `import: ${resolved.url}\n`);
  return resolved;
}
