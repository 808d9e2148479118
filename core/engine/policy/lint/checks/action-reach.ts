import { resourcesReach } from "../../compile.js";
import { isStar, type LintCheck } from "../context.js";

/**
 * An Action entry that none of the statement's Resource entries can apply to grants nothing. Two
 * causes: the actions support no resource-level permissions at all, so only `"Resource": "*"`
 * grants them (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html),
 * or the ARNs are of another resource type. A pattern such as `s3:*Bucket*` that reaches some of
 * its actions is fine: patterns naturally name actions on several resource types.
 */
export const actionReach: LintCheck = {
  name: "actions the resources can reach",
  check(ctx) {
    for (const statement of ctx.statements) {
      const resources = statement.resources;
      if (statement.notAction || statement.notResource || !resources || resources.some(isStar)) continue;
      statement.actions.forEach((pattern, entry) => {
        if (isStar(pattern)) return;
        const actions = ctx.actionsOf(ctx.expand(pattern));
        if (actions.length === 0 || actions.some((action) => resourcesReach(resources, action))) return;
        const path = ctx.entryPath(statement, "Action", entry);
        if (actions.every((action) => action.wildcardOnly)) {
          ctx.report({
            code: "wildcard-only-action-with-resource",
            statementIndex: statement.index,
            path,
            message: `"${pattern}" supports no resource-level permissions: only "Resource": "*" grants it`,
          });
          return;
        }
        const kinds = [...new Set(actions.flatMap((a) => a.resourceTypes.map((rt) => rt.name)))];
        ctx.report({
          code: "action-resource-mismatch",
          statementIndex: statement.index,
          path,
          message: `no Resource entry is a ${kinds.slice(0, 4).join(" / ")} that "${pattern}" acts on`,
        });
      });
    }
  },
};
