import type { ActionSet } from "../../../catalog/action-set.js";
import { resourceStrictlyMatchesFormat } from "../../arn.js";
import { patternReachesFormat } from "../../compile.js";
import { isStar, type LintCheck, type LintContext } from "../context.js";
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
      const formats = formatsOf(ctx, ctx.coveredActions(statement));
      if (formats.length === 0) continue;
      (statement.resources ?? []).forEach((pattern, entry) => {
        if (isStar(pattern) || arnProblem(pattern) || arnServiceProblem(ctx.catalog, pattern)) return;
        const path = ctx.entryPath(statement, "Resource", entry);
        const matching = formats.filter((format) => patternReachesFormat(pattern, format));
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

const formatLists = new WeakMap<ActionSet, string[]>();

/** The ARN formats of the actions' resource types, once per action set. */
function formatsOf(ctx: LintContext, set: ActionSet): string[] {
  let formats = formatLists.get(set);
  if (!formats) {
    // Loops, not flatMap: most statements list their actions, so each lint meets a new set.
    const seen = new Set<string>();
    for (const action of ctx.actionsOf(set)) for (const rt of action.resourceTypes) seen.add(rt.arnFormat);
    formats = [...seen];
    formatLists.set(set, formats);
  }
  return formats;
}
