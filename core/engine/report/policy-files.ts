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
export function policyFiles(report: Report): { files: PolicyFile[]; clashes: string[] } {
  const files: PolicyFile[] = [];
  const clashes: string[] = [];
  // By lower-cased path: IAM names, and some file systems, ignore case.
  const bodies = new Map<string, string>();
  const add = (path: string, document: unknown, body: string) => {
    bodies.set(path.toLowerCase(), body);
    files.push({ path, document });
  };
  for (const recommendation of report.recommendations) {
    for (const policy of recommendation.policies) {
      const path = `policies/${safeFileName(policy.name)}.json`;
      const body = policyFileText(policy.document);
      const taken = bodies.get(path.toLowerCase());
      if (taken === undefined) add(path, policy.document, body);
      else clashes.push(path);
    }
  }
  for (const plan of report.plans) {
    const tag = plan.id.replace(/^plan-/, "").slice(0, 8);
    for (const policy of plan.create) {
      const body = policyFileText(policy.document);
      const base = safeFileName(policy.name);
      // The plain name, then the plan's; a further number only if even that is taken.
      for (let n = 0; ; n++) {
        const path = `policies/${n === 0 ? base : `${base}-plan-${tag}${n === 1 ? "" : `-${n}`}`}.json`;
        const taken = bodies.get(path.toLowerCase());
        if (taken === body) break;
        if (taken === undefined) {
          add(path, policy.document, body);
          break;
        }
      }
    }
  }
  return { files, clashes };
}

/** A policy file's text: the document, indented for reading and diffs. */
export function policyFileText(document: unknown): string {
  return JSON.stringify(document, null, 2);
}

/** Policy names are IAM-safe already; this guards a file system or object key against anything else. */
export function safeFileName(name: string): string {
  return name.replace(/[^\w+=,.@-]/g, "_").replace(/^\.+/, "_");
}
