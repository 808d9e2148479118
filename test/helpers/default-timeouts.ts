/**
 * Preloaded into every test file by test/run.sh (`--import`). Node 20 and 22 apply `--test-timeout`
 * to a whole file, so a stuck test would fail without its name; Node 24 applies it to each test.
 * To behave alike on all, this gives every test and hook declared through node:test its own limit
 * (an explicit `timeout` option wins; subtests inherit their parent's): TEST_TIMEOUT_MS, or
 * SLOW_TEST_TIMEOUT_MS in the folders that need it. A file still running after FILE_TIMEOUT_MS
 * exits with its name, even if it never reached a test.
 */
import { createRequire, syncBuiltinESMExports } from "node:module";
import { relative, sep } from "node:path";
import { repoRoot } from "./paths.js";
import { FILE_TIMEOUT_MS, SLOW_TEST_DIRS, SLOW_TEST_TIMEOUT_MS, TEST_TIMEOUT_MS } from "./timeouts.js";

const main = process.argv[1] ?? "";
// Test files that test/run.sh runs in one process are joined in files of their folders' paths under
// WHITTLE_TEST_JOINED (test/helpers/one-process.ts).
const joined = process.env.WHITTLE_TEST_JOINED;
const file = relative(joined && main.startsWith(`${joined}${sep}`) ? joined : repoRoot, main);
const limit = SLOW_TEST_DIRS.some((dir) => file.startsWith(dir)) ? SLOW_TEST_TIMEOUT_MS : TEST_TIMEOUT_MS;

type Fn = (...args: unknown[]) => unknown;

/** Tests take (name?, options?, fn?); the options gain `timeout` unless they carry one. */
function testWithTimeout(original: Fn): Fn {
  const wrapped = function (this: unknown, ...args: unknown[]) {
    const at = args.findIndex((a) => typeof a === "object" && a !== null);
    if (at === -1) {
      const fnAt = args.findIndex((a) => typeof a === "function");
      args.splice(fnAt === -1 ? args.length : fnAt, 0, { timeout: limit });
    } else args[at] = { timeout: limit, ...(args[at] as object) };
    return original.apply(this, args);
  };
  // Its skip, todo and only variants keep working (without the default).
  return Object.assign(wrapped, original);
}

/** Hooks take (fn?, options?). */
function hookWithTimeout(original: Fn): Fn {
  return function (this: unknown, fn?: unknown, options?: unknown) {
    return original.call(this, fn, { timeout: limit, ...(options as object | undefined) });
  };
}

const nodeTest = createRequire(import.meta.url)("node:test") as Record<string, Fn>;
for (const name of ["test", "it"]) nodeTest[name] = testWithTimeout(nodeTest[name]!);
for (const name of ["before", "after", "beforeEach", "afterEach"])
  nodeTest[name] = hookWithTimeout(nodeTest[name]!);
syncBuiltinESMExports();

setTimeout(() => {
  console.error(`${process.argv[1]}: still running after ${FILE_TIMEOUT_MS / 1000} s, stopped`);
  process.exit(1);
}, FILE_TIMEOUT_MS).unref();
