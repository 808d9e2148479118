/**
 * Runs several test files in one process (test/run.sh), each as it runs alone: loading tsx, the AWS
 * SDK and the modules costs a file a second or more of CPU. A file's top-level tests and hooks would
 * otherwise land on the process's root, where one file's `before` would run before every file's
 * tests and its `beforeEach` before each of theirs; so what a file declares at its top level while
 * it loads is kept and declared again inside a suite named for the file, where its hooks reach its
 * own tests only and run when its turn comes (a file's `before` starts its servers then, its `after`
 * stops them before the next file's start). Declarations made later (inside suites and tests) go
 * through unchanged.
 */
import { createRequire, syncBuiltinESMExports } from "node:module";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { repoRoot } from "./paths.js";

type Fn = (...args: unknown[]) => unknown;
type Declaration = { fn: Fn; self: unknown; args: unknown[] };

const nodeTest = createRequire(import.meta.url)("node:test") as Record<string, Fn>;
const DECLARE = ["test", "it", "describe", "suite", "before", "after", "beforeEach", "afterEach"];
const VARIANTS = ["skip", "todo", "only"];

/** What the loading file has declared at its top level so far; undefined outside a load. */
let loading: Declaration[] | undefined;

/** `original`, but kept in `loading` while a file loads (as are its .skip, .todo and .only). */
function kept(original: Fn): Fn {
  const keep = (fn: Fn): Fn =>
    function (this: unknown, ...args: unknown[]) {
      if (!loading) return fn.apply(this, args);
      loading.push({ fn, self: this, args });
      return Promise.resolve();
    };
  const wrapped = Object.assign(keep(original), original);
  for (const variant of VARIANTS) {
    const fn = (original as unknown as Record<string, Fn | undefined>)[variant];
    if (typeof fn === "function") Object.assign(wrapped, { [variant]: keep(fn) });
  }
  return wrapped;
}

/**
 * Loads the test files at `urls`, in order, then declares each one's suite, named by its path: all
 * load before any test starts, so that no test runs while a file's top level does.
 */
export async function runInOneProcess(urls: readonly string[]): Promise<void> {
  const describe = nodeTest.describe!;
  for (const name of DECLARE) nodeTest[name] = kept(nodeTest[name]!);
  syncBuiltinESMExports();
  const files: { name: string; declared: Declaration[]; failed?: { error: unknown } }[] = [];
  for (const url of urls) {
    const file: (typeof files)[number] = { name: relative(repoRoot, fileURLToPath(url)), declared: [] };
    files.push(file);
    loading = file.declared;
    try {
      await import(url);
    } catch (error) {
      // Reported as the file's failure; the other files still run.
      file.failed = { error };
    } finally {
      loading = undefined;
    }
  }
  for (const { name, declared, failed } of files) {
    describe(name, () => {
      if (failed) throw failed.error;
      for (const { fn, self, args } of declared) fn.apply(self, args);
    });
  }
}
