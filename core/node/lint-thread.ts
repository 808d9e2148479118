import { Worker } from "node:worker_threads";
import type { PolicyLinter } from "../engine/findings/lint-ahead.js";

// Compiled, the worker is dist/cli/lint-worker.js beside this code's chunk; from the sources, the .ts.
const fromSources = import.meta.url.endsWith(".ts");
const WORKER_URL = new URL(fromSources ? "./lint-worker.ts" : "./lint-worker.js", import.meta.url);

/**
 * Lints a batch of documents with the installed catalog on a thread of its own (see `PolicyLinter`),
 * which ends after its answer. Starting the thread and loading its catalog cost about a tenth of a
 * second compiled, what linting a hundred documents costs: fewer are linted in line.
 */
export function lintThread(): PolicyLinter {
  return {
    minDocuments: 200,
    lint: (documents) =>
      new Promise((resolve, reject) => {
        const worker = fromSources
          ? new Worker(fromSourcesBootstrap(), { eval: true })
          : new Worker(WORKER_URL);
        worker.once("message", (answer) => {
          resolve(answer);
          void worker.terminate();
        });
        worker.once("error", reject);
        worker.once("exit", (code) => reject(new Error(`the lint thread exited with code ${code}`)));
        worker.postMessage(documents);
      }),
  };
}

/** From the sources, the thread registers tsx's loader itself: loaders do not pass to threads. */
function fromSourcesBootstrap(): string {
  const tsx = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  return `import(${tsx}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL.href)}); });`;
}
