import { problemOf } from "../policy/lint/codes.js";
import { lintPolicy } from "../policy/lint/index.js";
import type { PolicyProblem } from "../policy/types.js";
import { documentText } from "../snapshot/document-text.js";
import type { FindingContext } from "./context.js";
import { ownDocuments } from "./own-documents.js";

export interface LintedDocument {
  source: string;
  principalArn?: string;
  problems: readonly PolicyProblem[];
}

// policy-invalid and policy-warning report different severities of one lint: it runs once per snapshot.
const bySnapshot = new WeakMap<FindingContext["snapshot"], LintedDocument[]>();

/** Every own document (customer managed and inline) with all its lint problems, each distinct text linted once. */
export function lintedOwnDocuments(ctx: Pick<FindingContext, "snapshot" | "catalog">): LintedDocument[] {
  const cached = bySnapshot.get(ctx.snapshot);
  if (cached) return cached;
  // Accounts copy documents between policies.
  const byText = new Map<string, PolicyProblem[]>();
  const linted: LintedDocument[] = [];
  for (const { source, document, principalArn } of ownDocuments(ctx.snapshot)) {
    linted.push({
      source,
      problems: lintOnce(ctx, document, byText),
      ...(principalArn ? { principalArn } : {}),
    });
  }
  bySnapshot.set(ctx.snapshot, linted);
  return linted;
}

function lintOnce(
  ctx: Pick<FindingContext, "catalog">,
  document: unknown,
  byText: Map<string, PolicyProblem[]>,
): PolicyProblem[] {
  try {
    const text = documentText(document);
    let problems = byText.get(text);
    if (!problems) {
      problems = lintPolicy(ctx.catalog, document, { kind: "identity" });
      byText.set(text, problems);
    }
    return problems;
  } catch (error) {
    // A document JSON cannot write (nested too deep) fails alone, on record, not both detectors.
    const reason = error instanceof Error ? error.message : String(error);
    return [problemOf("check-failed", "", `the document could not be linted: ${reason}`)];
  }
}
