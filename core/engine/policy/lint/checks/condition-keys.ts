import type { Catalog } from "../../../catalog/catalog.js";
import type { ActionInfo } from "../../../catalog/types.js";
import { isStar, type LintCheck, sample } from "../context.js";
import { KEY_FORMAT, TAG_KEY_PREFIX } from "./condition-key-names.js";

/**
 * A condition key the request never carries makes a positive operator false, so an Allow grants
 * nothing and a Deny never applies. Global `aws:` keys can be present on any request
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html) and are
 * judged by the condition-key-names check; a service key must be documented for every action of the
 * statement, or the condition is not evaluated the same way for the others (Access Analyzer's
 * "Unsupported action for condition key"). With NotAction or `*` the actions are too many to judge,
 * so only unknown keys are reported there.
 */
export const conditionKeys: LintCheck = {
  name: "condition keys",
  check(ctx) {
    for (const statement of ctx.statements) {
      const judgeActions = !statement.notAction && !statement.actions.some(isStar);
      const actions = judgeActions ? ctx.actionsOf(ctx.coveredActions(statement)) : [];
      for (const clause of statement.conditions) {
        const key = clause.key;
        if (key.toLowerCase().startsWith("aws:") || !KEY_FORMAT.test(key) || TAG_KEY_PREFIX.test(key))
          continue;
        const path = ctx.conditionPath(statement, clause);
        if (!isKnownKey(ctx.catalog, key)) {
          ctx.report({
            code: "unknown-condition-key",
            statementIndex: statement.index,
            path,
            message: `"${key}" is not a documented condition key`,
          });
          continue;
        }
        const unsupported = actions.filter((a) => !supports(ctx.catalog, a, key));
        if (unsupported.length === 0) continue;
        ctx.report({
          code: "condition-key-not-applicable",
          statementIndex: statement.index,
          path,
          message:
            unsupported.length === actions.length
              ? `"${key}" is documented for none of the statement's actions, so the condition never holds`
              : `"${key}" is not documented for ${sample(unsupported.map((a) => a.key))}: move them to a statement without it`,
        });
      }
    }
  },
};

/**
 * The catalog index knows templated keys only when the template follows a `/`; keys such as
 * `kms:EncryptionContext:${EncryptionContextKey}` are found through the service's actions.
 */
function isKnownKey(catalog: Catalog, key: string): boolean {
  if (catalog.conditionKey(key)) return true;
  const service = catalog.service(key.slice(0, Math.max(0, key.indexOf(":"))));
  if (!service) return false;
  for (let id = service.first; id < service.end; id++)
    if (supports(catalog, catalog.actions[id]!, key)) return true;
  return false;
}

interface ActionKeys {
  exact: Set<string>;
  /** Keys such as `s3:ExistingObjectTag/<key>` or `aws:ResourceTag/${TagKey}` accept any suffix. */
  prefixes: string[];
}

const keyCache = new WeakMap<ActionInfo, ActionKeys>();

/** Keys documented on the action itself, on its resource types in the action table, and on those resource types. */
export function supports(catalog: Catalog, action: ActionInfo, key: string): boolean {
  let keys = keyCache.get(action);
  if (!keys) {
    const service = catalog.serviceOf(action);
    const documented = [
      ...action.conditionKeys,
      ...action.resourceTypes.flatMap((rt) => [
        ...rt.conditionKeys,
        ...(service.resourceTypes.get(rt.name)?.conditionKeys ?? []),
      ]),
    ];
    keys = { exact: new Set(), prefixes: [] };
    for (const name of documented.map((k) => k.toLowerCase())) {
      const template = /\$\{|<|tag-key/.exec(name);
      if (template) keys.prefixes.push(name.slice(0, template.index));
      else keys.exact.add(name);
    }
    keyCache.set(action, keys);
  }
  const lower = key.toLowerCase();
  return keys.exact.has(lower) || keys.prefixes.some((p) => lower.startsWith(p) && lower.length > p.length);
}
