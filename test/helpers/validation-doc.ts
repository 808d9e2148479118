import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./paths.js";

export interface CheckRow {
  code: string;
  severity: string;
  accessAnalyzer: string[];
  parliament: string;
  kinds: string[];
}

export interface NotDoneRow {
  accessAnalyzer: string;
  type: string;
  why: string;
}

const doc = () => readFileSync(join(repoRoot, "docs", "validation.md"), "utf8");

/** Rows of the table under `heading` in docs/validation.md, as arrays of trimmed cells. */
function table(heading: string): string[][] {
  const text = doc();
  const start = text.indexOf(`## ${heading}`);
  if (start < 0) throw new Error(`docs/validation.md has no "## ${heading}" section`);
  const end = text.indexOf("\n## ", start + 3);
  return text
    .slice(start, end < 0 ? undefined : end)
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .slice(2)
    .map((line) =>
      line
        .slice(1, -1)
        .split(" | ")
        .map((cell) => cell.trim().replace(/^`|`$/g, "")),
    );
}

const list = (cell: string) => (cell === "" || cell === "—" ? [] : cell.split("; ").map((s) => s.trim()));

/** The checks table, keyed by our code. */
export function validationRows(): Map<string, CheckRow> {
  const rows = new Map<string, CheckRow>();
  for (const [code, severity, accessAnalyzer, parliament, kinds] of table("Checks")) {
    rows.set(code!, {
      code: code!,
      severity: severity!,
      accessAnalyzer: list(accessAnalyzer!),
      parliament: parliament === "—" ? "" : parliament!,
      kinds: list(kinds!.replaceAll(", ", "; ")),
    });
  }
  return rows;
}

/** Access Analyzer checks we do not implement, with the reason. */
export function notDoneRows(): NotDoneRow[] {
  return table("Access Analyzer checks not done").map(([accessAnalyzer, type, why]) => ({
    accessAnalyzer: accessAnalyzer!,
    type: type!,
    why: why!,
  }));
}
