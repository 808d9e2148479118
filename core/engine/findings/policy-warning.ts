import type { PolicyProblem } from "../policy/types.js";
import type { AccountDetector } from "./context.js";
import { buildFinding } from "./finding.js";
import { lintedOwnDocuments } from "./own-lint.js";
import type { Finding } from "./types.js";

/** The lint severities this kind reports; errors are policy-invalid's, security warnings the permission detectors'. */
const REPORTED = new Set<PolicyProblem["severity"]>(["warning", "suggestion"]);

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
    for (const { source, principalArn, problems: all } of lintedOwnDocuments(ctx)) {
      const problems = all.filter((p) => REPORTED.has(p.severity));
      if (problems.length === 0) continue;
      const codes = [...new Set(problems.map((p) => p.code))];
      findings.push(
        buildFinding("policy-warning", [source], {
          ...(problems.every((p) => p.severity === "suggestion")
            ? { variant: "suggestions-only" as const }
            : {}),
          ...(principalArn ? { principalArn } : { policyArn: source }),
          policySource: source,
          title: `${problems.length} lint warning${problems.length === 1 ? "" : "s"} in ${source}`,
          detail: `${codes.join(", ")}: ${problems[0]!.message}${problems.length > 1 ? ` and ${problems.length - 1} more` : ""}.`,
          evidence: { source, problems: problems.slice(0, 20), problemCount: problems.length },
        }),
      );
    }
    return findings;
  },
};
