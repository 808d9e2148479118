/**
 * Preloaded into every test file by test/run.sh (`--import`). From Node 24 on, `--test-timeout`
 * bounds each test and hook, and run.sh sets it to TEST_TIMEOUT_MS. Node 20 and 22 apply it to a
 * whole file instead, so a stuck test would fail without its name: there this gives every test and
 * hook declared through node:test that limit itself (an explicit `timeout` option wins; subtests
 * inherit their parent's). On every Node, a file still running after FILE_TIMEOUT_MS exits with
 * its name, even if it never reached a test.
 */
import { createRequire, syncBuiltinESMExports } from "node:module";
import { FILE_TIMEOUT_MS, TEST_TIMEOUT_MS } from "./timeouts.js";

type Fn = (...args: unknown[]) => unknown;

/** Tests take (name?, options?, fn?); the options gain `timeout` unless they carry one. */
function testWithTimeout(original: Fn): Fn {
  const wrapped = function (this: unknown, ...args: unknown[]) {
    const at = args.findIndex((a) => typeof a === "object" && a !== null);
    if (at === -1) {
      const fnAt = args.findIndex((a) => typeof a === "function");
      args.splice(fnAt === -1 ? args.length : fnAt, 0, { timeout: TEST_TIMEOUT_MS });
    } else args[at] = { timeout: TEST_TIMEOUT_MS, ...(args[at] as object) };
    return original.apply(this, args);
  };
  // test.skip, test.todo and test.only keep working (without the default).
  return Object.assign(wrapped, original);
}

/** Hooks take (fn?, options?). */
function hookWithTimeout(original: Fn): Fn {
  return function (this: unknown, fn?: unknown, options?: unknown) {
    return original.call(this, fn, { timeout: TEST_TIMEOUT_MS, ...(options as object | undefined) });
  };
}

if (Number(process.versions.node.split(".")[0]) < 24) {
  const nodeTest = createRequire(import.meta.url)("node:test") as Record<string, Fn>;
  for (const name of ["test", "it"]) nodeTest[name] = testWithTimeout(nodeTest[name]!);
  for (const name of ["before", "after", "beforeEach", "afterEach"])
    nodeTest[name] = hookWithTimeout(nodeTest[name]!);
  syncBuiltinESMExports();
}

setTimeout(() => {
  console.error(`${process.argv[1]}: still running after ${FILE_TIMEOUT_MS / 1000} s, stopped`);
  process.exit(1);
}, FILE_TIMEOUT_MS).unref();
