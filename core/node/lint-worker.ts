/**
 * The lint thread of an audit: lints the account's own documents, sent as their texts, and posts
 * back each one's reported problems in the texts' order.
 */
import { workerData } from "node:worker_threads";
import { lintTexts } from "../engine/findings/lint-documents.js";
import type { LintSetup } from "./lint-pool.js";
import { loadCatalog } from "./load-catalog.js";
import { serveRequests } from "./worker-start.js";

const setup = workerData as LintSetup;
const catalog = loadCatalog();
// The problems name actions as this catalog spells them: another catalog could lint differently.
if (catalog.version !== setup.catalogVersion || catalog.size !== setup.catalogSize)
  throw new Error(
    `the lint thread loaded catalog ${catalog.version} (${catalog.size} actions), not ${setup.catalogVersion} (${setup.catalogSize})`,
  );
serveRequests<readonly string[], ReturnType<typeof lintTexts>>((texts) => lintTexts(catalog, texts));
