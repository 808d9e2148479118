import { availableParallelism } from "node:os";
import type { Catalog } from "../engine/catalog/catalog.js";
import type { DocumentLinter } from "../engine/findings/lint-documents.js";
import type { PolicyProblem } from "../engine/policy/types.js";
import { RequestThread } from "./worker-start.js";

/**
 * Below this many distinct documents the lint stays in the audit's thread: a thread's start and
 * its catalog (about 0.1–0.2 s of a core) cost more than linting them (about 1 ms each).
 */
const AUTO_MIN_TEXTS = 300;

/** What the lint thread starts with: the catalog it must load the same as this thread's. */
export interface LintSetup {
  catalogVersion: string;
  catalogSize: number;
}

/**
 * A linter that lints the account's own documents in a thread of its own, beside the rest of the
 * audit, where `threads` (`--workers`, this thread included) allows a second one: `"auto"` on
 * two cores or more, for a large account. The problems are `lintTexts`'s, whichever thread made them.
 */
export function threadedLinter(threads: number | "auto", catalog: Catalog): DocumentLinter {
  return (texts) => {
    const allowed =
      threads === "auto" ? availableParallelism() >= 2 && texts.length >= AUTO_MIN_TEXTS : threads >= 2;
    if (!allowed || texts.length === 0) return undefined;
    const setup: LintSetup = { catalogVersion: catalog.version, catalogSize: catalog.size };
    const thread = new RequestThread<readonly string[], PolicyProblem[][]>("lint-worker", setup, "lint");
    return thread.request(texts).finally(() => thread.close());
  };
}
