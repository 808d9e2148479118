import type { Catalog } from "../../catalog/catalog.js";
import { parsePolicy } from "../parse.js";
import type { PolicyProblem } from "../types.js";
import { LINT_CHECKS } from "./checks.js";
import { LintContext, type LintOptions } from "./context.js";

/**
 * Lints a policy document (object, JSON string or URL-encoded JSON string): the parser's grammar
 * problems, then every semantic check. Never throws for any input: a check that crashes becomes a
 * `check-failed` error and the others still run.
 */
export function lintPolicy(catalog: Catalog, input: unknown, options: LintOptions = {}): PolicyProblem[] {
  const { policy, problems } = parsePolicy(input, options.kind ? { kind: options.kind } : {});
  if (!policy) return problems;
  const ctx = new LintContext(catalog, policy, options);
  for (const check of LINT_CHECKS) {
    try {
      check.check(ctx);
    } catch (error) {
      ctx.report({
        code: "check-failed",
        path: "",
        message: `the ${check.name} check failed: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }
  return [...problems, ...ctx.problems].sort(byLocation);
}

/** Document-level problems first, then by statement; the sort is stable, so check order stays. */
function byLocation(a: PolicyProblem, b: PolicyProblem): number {
  return (a.statementIndex ?? -1) - (b.statementIndex ?? -1);
}
