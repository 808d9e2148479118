import type { ActionInfo } from "../../../catalog/types.js";
import { isStar, type LintCheck, sample } from "../context.js";
import { supports } from "./condition-keys.js";

const TAG_KEY = /^aws:(resourcetag|requesttag)\/./i;

/**
 * aws:ResourceTag/... and aws:RequestTag/... are in the request only for actions that document
 * them (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_tags.html). For a service none of
 * whose statement actions support the key, a positive condition is never true: an Allow grants
 * those actions nothing (a suggestion) and a Deny does not deny them (a security warning). With
 * NotAction the statement reaches every other action, so any that lacks the key is reported.
 */
export const tagKeySupport: LintCheck = {
  name: "tag condition keys the actions support",
  check(ctx) {
    for (const statement of ctx.statements) {
      if (!statement.effect || statement.actions.some(isStar)) continue;
      const actions = ctx.actionsOf(ctx.coveredActions(statement));
      for (const clause of statement.conditions) {
        if (!TAG_KEY.test(clause.key) || actions.length === 0) continue;
        const unsupported = statement.notAction
          ? [...new Set(actions.filter((a) => !supports(ctx.catalog, a, clause.key)).map((a) => a.service))]
          : servicesWithout(ctx.catalog, actions, clause.key);
        if (unsupported.length === 0) continue;
        const deny = statement.effect === "Deny";
        ctx.report({
          code: deny ? "tag-key-unsupported-deny" : "tag-key-unsupported-allow",
          statementIndex: statement.index,
          path: ctx.conditionPath(statement, clause),
          message: statement.notAction
            ? `actions of ${sample(unsupported)} lack "${clause.key}": this statement ${deny ? "does not deny" : "does not allow"} them`
            : `no listed action of ${sample(unsupported)} supports "${clause.key}": this statement ${deny ? "does not deny" : "does not allow"} them`,
        });
      }
    }
  },
};

/** Services of which none of the given actions supports the key. */
function servicesWithout(
  catalog: Parameters<typeof supports>[0],
  actions: readonly ActionInfo[],
  key: string,
): string[] {
  const byService = new Map<string, boolean>();
  for (const action of actions) {
    byService.set(action.service, (byService.get(action.service) ?? false) || supports(catalog, action, key));
  }
  return [...byService].filter(([, supported]) => !supported).map(([service]) => service);
}
