import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { MAX_FILE_BASE, policyFiles, policyFileText } from "../engine/report/policy-files.js";
import { htmlPieces } from "../engine/report/render-html.js";
import { markdownPieces } from "../engine/report/render-markdown.js";
import type { Report } from "../engine/report/schema.js";
import { boundedMap } from "./concurrency.js";
import { replaceFileSet } from "./file-set.js";
import { pagePacker } from "./html-pack.js";
import { jsonChunks } from "./json-chunks.js";
import { makeOutputDir, removeMadeDirs } from "./output-dir.js";
import { writePieces } from "./piece-writer.js";
import { releaseMemory } from "./release-memory.js";
import { replaceFile } from "./replace-file.js";
import { MANIFEST, manifestText, readManifest, removeStaleFiles, staleNames } from "./report-manifest.js";

export interface WrittenReport {
  dir: string;
  files: string[];
  /** What the user should know about the folder: policy files left from an earlier report. */
  warnings: string[];
}

/**
 * The `--out DIR` layout of the contract: report.json, report.html, report.md and
 * policies/<name>.json per generated document, a recommendation's or a plan's (see policyFiles).
 * All are written, then moved into place together (replaceFileSet): a write that fails leaves the
 * folder as it was, an earlier run's report whole and the user's files kept, and removes the
 * folders it made. A manifest (MANIFEST) written with them names the files; once the new ones are
 * in place, those the earlier run's manifest named and this run did not write are removed. Until
 * they are, the manifest names them too, so a crash between the two steps never turns them into
 * files no list names (the user's, kept without a warning).
 */
export async function writeReportFiles(dir: string, report: Report): Promise<WrittenReport> {
  const made = await makeOutputDir(join(dir, "policies"));
  // Rendered one at a time and written in pieces as they come: whole, a large account's texts reach
  // hundreds of MB (and the pages twice that, as two-byte strings). report.json is compact: the
  // contract promises its fields, not a layout, and indented it is half whitespace.
  const pages: [string, () => Iterable<string>][] = [
    ["report.json", () => withNewline(jsonChunks(report))],
    ["report.html", () => htmlPieces(report, { pack: pagePacker() })],
    ["report.md", () => markdownPieces(report)],
  ];
  const { files: policies, clashes, shortened } = policyFiles(report);
  // Two documents under one name would overwrite each other (recommendation names are unique by
  // construction; this guards the files against a report that breaks that).
  if (clashes.length > 0) throw new Error(`two policy documents would be written to ${clashes[0]}`);
  const texts = policies.map(({ path, document }): [string, () => string] => [
    path,
    () => `${policyFileText(document)}\n`,
  ]);
  const names = [...pages, ...texts].map(([name]) => name);
  // Read before the new manifest replaces it.
  const earlier = await readManifest(dir);
  const stale = staleNames(earlier, names);
  try {
    await replaceFileSet(dir, [...names, MANIFEST], async (stage) => {
      // The pages first, one at a time (each holds a rendering in memory); then the policy files,
      // a few at a time, since each small file is mostly waiting on open, write and close.
      // A full collection before each page: the first frees what the audit has just dropped (its
      // threads' results, the indexes it built), the others the page before's garbage, and each
      // sets the heap's next limit from the report alone. Without them a large account's run
      // peaked 100-200 MB higher while writing than while auditing, its garbage piled on the report.
      for (const [name, render] of pages) {
        releaseMemory();
        await writePieces(join(stage, name), render());
      }
      await boundedMap(texts, POLICY_WRITES, ([name, render]) =>
        writeFile(join(stage, name), render(), "utf8"),
      );
      await writeFile(join(stage, MANIFEST), manifestText(names, stale), "utf8");
    });
  } catch (error) {
    await removeMadeDirs(made);
    throw error;
  }
  const { warnings, left } = await removeStaleFiles(dir, earlier, names);
  if (shortened.length > 0)
    warnings.unshift(
      `${shortened.length} policy document(s) named past ${MAX_FILE_BASE} characters (IAM allows 128), too long for a file name, written under the name's first characters and a hash of it, first: ${shortened[0]}`,
    );
  // Left as it is where this fails: names already removed are skipped by the next run.
  if (stale.length > 0)
    await replaceFile(join(dir, MANIFEST), manifestText(names, left)).catch(() => undefined);
  return { dir, files: names, warnings };
}

function* withNewline(pieces: Iterable<string>): Generator<string> {
  yield* pieces;
  yield "\n";
}

const POLICY_WRITES = 16;
