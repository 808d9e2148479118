import type { PolicyProblem } from "../policy/types.js";
import { documentText } from "../snapshot/document-text.js";
import type { AccountDetector } from "./context.js";
import { buildFinding } from "./finding.js";
import { reportedProblems } from "./lint-documents.js";
import { ownDocuments } from "./own-documents.js";
import type { Finding } from "./types.js";

/**
 * The lint warnings and suggestions of the account's own policy documents (customer managed and
 * inline), one finding per document. AWS managed policies are left out: the account cannot change them.
 */
export const policyWarning: AccountDetector = {
  kind: "policy-warning",
  scope: "account",
  needs: [],
  detect(ctx) {
    const findings: Finding[] = [];
    // Accounts copy documents between policies: each distinct text is linted once, here unless
    // another thread linted them already.
    const linted = new Map<string, PolicyProblem[]>(ctx.linted);
    for (const { source, document, principalArn } of ownDocuments(ctx.snapshot)) {
      const text = documentText(document);
      let problems = linted.get(text);
      if (!problems) {
        problems = reportedProblems(ctx.catalog, document);
        linted.set(text, problems);
      }
      if (problems.length === 0) continue;
      const codes = [...new Set(problems.map((p) => p.code))];
      findings.push(
        buildFinding("policy-warning", [source], {
          ...(problems.every((p) => p.severity === "suggestion")
            ? { variant: "suggestions-only" as const }
            : {}),
          ...(principalArn ? { principalArn } : { policyArn: source }),
          title: `${problems.length} lint warning${problems.length === 1 ? "" : "s"} in ${source}`,
          detail: `${codes.join(", ")}: ${problems[0]!.message}${problems.length > 1 ? ` and ${problems.length - 1} more` : ""}.`,
          evidence: { source, problems: problems.slice(0, 20), problemCount: problems.length },
        }),
      );
    }
    return findings;
  },
};
