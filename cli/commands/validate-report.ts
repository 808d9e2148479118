import type { PolicyProblem, ProblemSeverity } from "../../core/engine/policy/types.js";

export interface FileResult {
  file: string;
  problems: PolicyProblem[];
  /** Set when the file could not be linted at all. */
  error?: string;
}

const SEVERITIES: readonly ProblemSeverity[] = ["error", "security", "warning", "suggestion"];
const LABELS: Record<ProblemSeverity, string> = {
  error: "ERROR",
  security: "SECURITY",
  warning: "WARNING",
  suggestion: "SUGGESTION",
};

export function countBySeverity(results: readonly FileResult[]): Record<ProblemSeverity, number> {
  const counts = { error: 0, security: 0, warning: 0, suggestion: 0 };
  for (const result of results) for (const p of result.problems) counts[p.severity]++;
  return counts;
}

/** File names and messages come from outside: control characters are escaped so no line can be forged. */
export function printable(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const control = code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;
    out += control ? `\\u${code.toString(16).padStart(4, "0")}` : ch;
  }
  return out;
}

/** `file: SEVERITY code Statement[i]: message`, one line per problem, then a summary line. */
export function renderText(results: readonly FileResult[], quiet: boolean): string {
  const lines: string[] = [];
  for (const result of results) {
    const file = printable(result.file);
    const shown = quiet ? result.problems.filter((p) => p.severity === "error") : result.problems;
    for (const p of shown) {
      const where =
        p.statementIndex !== undefined ? ` Statement[${p.statementIndex}]` : p.path ? ` ${p.path}` : "";
      lines.push(`${file}: ${LABELS[p.severity]} ${p.code}${printable(where)}: ${printable(p.message)}`);
    }
    if (!quiet && !result.error && result.problems.length === 0) lines.push(`${file}: no problems`);
  }
  if (!quiet) {
    const counts = countBySeverity(results);
    const parts = SEVERITIES.map(
      (s) => `${counts[s]} ${s === "security" ? "security warning" : s}${counts[s] === 1 ? "" : "s"}`,
    );
    const unreadable = results.filter((r) => r.error).length;
    const files = `${results.length} file${results.length === 1 ? "" : "s"}`;
    lines.push(`${files}: ${parts.join(", ")}${unreadable ? `, ${unreadable} not linted` : ""}`);
  }
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}

export function renderJson(results: readonly FileResult[]): string {
  const summary = {
    files: results.length,
    ...countBySeverity(results),
    unreadable: results.filter((r) => r.error).length,
  };
  return `${JSON.stringify({ files: results, summary }, null, 2)}\n`;
}
