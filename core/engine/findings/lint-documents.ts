import type { Catalog } from "../catalog/catalog.js";
import { lintPolicy } from "../policy/lint/index.js";
import type { PolicyProblem } from "../policy/types.js";
import { documentText } from "../snapshot/document-text.js";
import type { Snapshot } from "../snapshot/model.js";
import { ownDocuments } from "./own-documents.js";

/** The lint severities policy-warning reports; errors are policy-invalid's, security warnings the permission detectors'. */
const REPORTED = new Set<PolicyProblem["severity"]>(["warning", "suggestion"]);

/** The problems of one document that policy-warning reports. */
export function reportedProblems(catalog: Catalog, document: unknown): PolicyProblem[] {
  return lintPolicy(catalog, document, { kind: "identity" }).filter((p) => REPORTED.has(p.severity));
}

/**
 * Lints the account's own documents given as their texts (`documentText`), answering in their
 * order; undefined leaves them to this thread's policy-warning detector. An adapter lints them in
 * another thread while this one computes the rest of the audit.
 */
export type DocumentLinter = (texts: readonly string[]) => Promise<PolicyProblem[][]> | undefined;

/** Each distinct text of the account's own documents, once: accounts copy documents between policies. */
export function ownDocumentTexts(snapshot: Snapshot): string[] {
  const texts = new Set<string>();
  for (const { document } of ownDocuments(snapshot)) texts.add(documentText(document));
  return [...texts];
}

/** What a linter thread answers: a text is its document's JSON, so parsing it gives the document back. */
export function lintTexts(catalog: Catalog, texts: readonly string[]): PolicyProblem[][] {
  return texts.map((text) => reportedProblems(catalog, JSON.parse(text)));
}
