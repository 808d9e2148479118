import { resourceMatchesFormat, resourceStrictlyMatchesFormat } from "../../arn.js";
import { isStar, type LintCheck } from "../context.js";
import { arnProblem } from "./arn-format.js";
import { arnServiceProblem } from "./arn-service.js";

/**
 * A Resource entry that is none of the resource types the statement's actions act on matches
 * nothing they touch (parliament's RESOURCE_MISMATCH, per resource): usually a wrong service, a
 * bucket ARN where an object ARN was meant, or a region in an S3 ARN. An entry that matches only
 * with a wildcard inside the resource-type word (`arn:aws:iam::123456789012:u*`) is reported as an
 * invalid ARN: AWS does not expand wildcards there (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html).
 */
export const resourceMismatch: LintCheck = {
  name: "resources the actions act on",
  check(ctx) {
    for (const statement of ctx.statements) {
      if (statement.notAction || statement.notResource || statement.actions.some(isStar)) continue;
      const actions = ctx.actionsOf(ctx.coveredActions(statement));
      const formats = [...new Set(actions.flatMap((a) => a.resourceTypes.map((rt) => rt.arnFormat)))];
      if (formats.length === 0) continue;
      (statement.resources ?? []).forEach((pattern, entry) => {
        if (isStar(pattern) || arnProblem(pattern) || arnServiceProblem(ctx.catalog, pattern)) return;
        const path = ctx.entryPath(statement, "Resource", entry);
        const matching = formats.filter((format) => resourceMatchesFormat(pattern, format));
        if (matching.length === 0) {
          ctx.report({
            code: "resource-mismatch",
            statementIndex: statement.index,
            path,
            message: `"${pattern}" is not a resource any of the statement's actions act on`,
          });
        } else if (!matching.some((format) => resourceStrictlyMatchesFormat(pattern, format))) {
          ctx.report({
            code: "invalid-arn",
            statementIndex: statement.index,
            path,
            message: `"${pattern}" has a wildcard inside the resource type; AWS expects it written out (${matching[0]})`,
          });
        }
      });
    }
  },
};
