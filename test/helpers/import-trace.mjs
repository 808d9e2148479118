// `node --import ./test/helpers/import-trace.mjs ...` prints `import: URL` on stderr for every module
// the program loads (node: builtins aside), so a test can check what a command pulls in.
import { register } from "node:module";

if (!process.env.WHITTLE_IMPORT_TRACE_HOOK) {
  process.env.WHITTLE_IMPORT_TRACE_HOOK = "1";
  register(import.meta.url);
}

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (!resolved.url.startsWith("node:")) process.stderr.write(`import: ${resolved.url}\n`);
  return resolved;
}
