import { parentPort } from "node:worker_threads";
import { lintPolicy } from "../engine/policy/lint/index.js";
import { loadCatalog } from "./load-catalog.js";

// The catalog loads as soon as the thread starts, while the audit reads its snapshot.
const catalog = loadCatalog();

parentPort!.once("message", (documents: unknown[]) => {
  parentPort!.postMessage({
    catalogVersion: catalog.version,
    problems: documents.map((document) => lintPolicy(catalog, document, { kind: "identity" })),
  });
});
