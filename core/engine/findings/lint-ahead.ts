import type { Catalog } from "../catalog/catalog.js";
import type { PolicyProblem } from "../policy/types.js";
import { documentText } from "../snapshot/document-text.js";
import type { Snapshot } from "../snapshot/model.js";
import type { Later } from "./context.js";
import { ownDocuments } from "./own-documents.js";

/**
 * Lints documents elsewhere (another thread), so that a large account's lint overlaps the rest of
 * the audit. Each answer must be `lintPolicy(catalog, document, { kind: "identity" })`, with a
 * catalog of `catalogVersion`, in the order of the documents.
 */
export interface PolicyLinter {
  /** Fewer distinct documents than this are linted in line: handing them over would cost more. */
  minDocuments: number;
  lint(documents: readonly unknown[]): Promise<{ catalogVersion: string; problems: PolicyProblem[][] }>;
}

/**
 * Hands the account's distinct own documents to `linter`, if there are enough. Never fails: an answer that fails, or
 * that does not fit (another catalog, another count), gives nothing, and the detector lints itself.
 */
export async function lintAhead(linter: PolicyLinter, catalog: Catalog, snapshot: Snapshot): Promise<Later> {
  try {
    // Inside the guard: a document JSON cannot write (nested too deep) is the detector's failure
    // to record, as when it lints itself, not the audit's.
    const byText = new Map<string, unknown>();
    for (const { document } of ownDocuments(snapshot)) {
      const text = documentText(document);
      if (!byText.has(text)) byText.set(text, document);
    }
    if (byText.size === 0 || byText.size < linter.minDocuments) return {};
    const answer = await linter.lint([...byText.values()]);
    if (answer.catalogVersion !== catalog.version || answer.problems.length !== byText.size) return {};
    const texts = [...byText.keys()];
    return { lints: new Map(texts.map((text, i) => [text, answer.problems[i]!])) };
  } catch {
    return {};
  }
}
