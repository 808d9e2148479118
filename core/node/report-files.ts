import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { renderHtml } from "../engine/report/render-html.js";
import { renderMarkdown } from "../engine/report/render-markdown.js";
import type { Report } from "../engine/report/schema.js";

export interface WrittenReport {
  dir: string;
  files: string[];
}

/**
 * The `--out DIR` layout of the contract: report.json, report.html, report.md and
 * policies/<name>.json per generated document (names are `whittle-<principal>[-N]`, so unique).
 * Each file is written beside its final name and renamed, so a reader never sees half a file.
 */
export async function writeReportFiles(dir: string, report: Report): Promise<WrittenReport> {
  await mkdir(join(dir, "policies"), { recursive: true });
  // Rendered one at a time and written at once, so a large report's texts are not all in memory together.
  const files: [string, () => string][] = [
    ["report.json", () => `${JSON.stringify(report, null, 2)}\n`],
    ["report.html", () => renderHtml(report)],
    ["report.md", () => renderMarkdown(report)],
  ];
  for (const recommendation of report.recommendations) {
    for (const policy of recommendation.policies) {
      files.push([
        join("policies", `${safeFileName(policy.name)}.json`),
        () => `${JSON.stringify(policy.document, null, 2)}\n`,
      ]);
    }
  }
  for (const [name, render] of files) {
    const path = join(dir, name);
    await writeFile(`${path}.partial`, render(), "utf8");
    await rename(`${path}.partial`, path);
  }
  return { dir, files: files.map(([name]) => name) };
}

/** Policy names are IAM-safe already; this guards the file system against anything else. */
function safeFileName(name: string): string {
  return name.replace(/[^\w+=,.@-]/g, "_").replace(/^\.+/, "_");
}
