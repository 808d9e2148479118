import { createHash } from "node:crypto";
import type { Report } from "./schema.js";

/** One `policies/<name>.json` of the output: the file's path inside the run and the document it holds. */
export interface PolicyFile {
  path: string;
  document: unknown;
}

/**
 * Every generated document gets a file: each recommendation's, then each plan's `create` (a
 * group's policies, a shared policy's new version) that no file holds yet. A plan document equal
 * to one already written under its name shares that file; one whose name is taken by a different
 * document is never lost nor overwrites it: it goes to `<name>-plan-<plan id's first 8 hex>.json`,
 * deterministic for the same report. `clashes` names recommendation documents dropped because an
 * earlier one took their name (names are unique by construction; a caller may refuse the report).
 */
export function policyFiles(report: Report): { files: PolicyFile[]; clashes: string[]; shortened: string[] } {
  const files: PolicyFile[] = [];
  const clashes: string[] = [];
  const shortened: string[] = [];
  // By lower-cased path: IAM names, and some file systems, ignore case. A file's text is made only
  // when a later document's path meets it: the writer makes every text anyway, and a principal's
  // plan creates its recommendation's very documents, met here by reference.
  const taken = new Map<string, { document: unknown; body?: string }>();
  const bodyOf = (entry: { document: unknown; body?: string }) =>
    (entry.body ??= policyFileText(entry.document));
  const add = (path: string, document: unknown, name: string) => {
    taken.set(path.toLowerCase(), { document });
    files.push({ path, document });
    if (plainFileName(name).length > MAX_FILE_BASE) shortened.push(path);
  };
  for (const recommendation of report.recommendations) {
    for (const policy of recommendation.policies) {
      const path = `policies/${safeFileName(policy.name)}.json`;
      const entry = taken.get(path.toLowerCase());
      // A document without a text (undefined) holds its path for no one.
      if (entry === undefined || bodyOf(entry) === undefined) add(path, policy.document, policy.name);
      else clashes.push(path);
    }
  }
  for (const plan of report.plans) {
    const tag = plan.id.replace(/^plan-/, "").slice(0, 8);
    for (const policy of plan.create) {
      let body: string | undefined;
      let made = false;
      const base = safeFileName(policy.name);
      // The plain name, then the plan's; a further number only if even that is taken.
      for (let n = 0; ; n++) {
        const path = `policies/${n === 0 ? base : `${base}-plan-${tag}${n === 1 ? "" : `-${n}`}`}.json`;
        const entry = taken.get(path.toLowerCase());
        // The same document has the same text.
        if (entry !== undefined && entry.document === policy.document) break;
        const existing = entry && bodyOf(entry);
        if (!made) {
          body = policyFileText(policy.document);
          made = true;
        }
        if (existing === body) break;
        if (existing === undefined) {
          add(path, policy.document, policy.name);
          break;
        }
      }
    }
  }
  return { files, clashes, shortened };
}

/** A policy file's text: the document, indented for reading and diffs. */
export function policyFileText(document: unknown): string {
  return JSON.stringify(document, null, 2);
}

/**
 * A file name's longest base: file systems allow 255 bytes, less `-plan-<8 hex>-<n>` and `.json`.
 * IAM allows 128 characters in a policy name; a saved snapshot may hold any.
 */
export const MAX_FILE_BASE = 200;
const HASH_HEX = 16;

/**
 * Policy names are IAM-safe already; this guards a file system or object key against anything else.
 * A name too long keeps its first characters and a hash of the whole name: the same file name for
 * the same name, distinct ones for distinct names.
 */
export function safeFileName(name: string): string {
  const plain = plainFileName(name);
  if (plain.length <= MAX_FILE_BASE) return plain;
  const hash = createHash("sha256").update(name).digest("hex").slice(0, HASH_HEX);
  return `${plain.slice(0, MAX_FILE_BASE - HASH_HEX - 1)}-${hash}`;
}

/** ASCII alone (`\w` without the u flag): a character is a byte. */
function plainFileName(name: string): string {
  return name.replace(/[^\w+=,.@-]/g, "_").replace(/^\.+/, "_");
}
