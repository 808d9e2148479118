import { globMatcher, hasWildcard } from "../../glob.js";
import { isActionFormat } from "../../parse-statement.js";
import { actionElement, isStar, type LintCheck } from "../context.js";

/**
 * An Action entry that names no catalog action is a typo or a retired action: IAM accepts it but
 * it grants nothing. Telling a wrong service prefix from a wrong action name points at the fix.
 */
export const unknownActions: LintCheck = {
  name: "unknown actions",
  check(ctx) {
    for (const statement of ctx.statements) {
      statement.actions.forEach((pattern, entry) => {
        // Entries of the wrong form are the parser's invalid-action already.
        if (isStar(pattern) || !isActionFormat(pattern) || !ctx.expand(pattern).isEmpty()) return;
        const path = ctx.entryPath(statement, actionElement(statement), entry);
        const prefix = pattern.slice(0, pattern.indexOf(":"));
        const serviceKnown = hasWildcard(prefix)
          ? ctx.catalog.services.some((s) => globMatcher(prefix, true).test(s.prefix))
          : ctx.catalog.service(prefix) !== undefined;
        ctx.report(
          serviceKnown
            ? {
                code: "unknown-action",
                statementIndex: statement.index,
                path,
                message: `"${pattern}" matches no action of service "${prefix}"`,
              }
            : {
                code: "unknown-service",
                statementIndex: statement.index,
                path,
                message: `"${prefix}" in "${pattern}" is not an AWS service prefix`,
              },
        );
      });
    }
  },
};
