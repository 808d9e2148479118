import type { ActionSet } from "../../catalog/action-set.js";
import type { Catalog } from "../../catalog/catalog.js";
import type { ActionInfo } from "../../catalog/types.js";
import { everyResource } from "../../policy/every-resource.js";
import type { PrincipalDetector } from "../context.js";
import { buildFinding } from "../finding.js";
import { ownAccount } from "./action-class-detector.js";
import { ownPossible } from "./own-facts.js";
import { ownAllowStatements, policyOf, sample, statementLocation } from "./own-statements.js";

/** The access levels that change something; reading with `Resource: *` is data-exfiltration's concern. */
const MUTATING = new Set(["Write", "Permissions management", "Tagging"]);

interface Scopable {
  actions: ActionInfo[];
  /** The same actions as a set, and their keys: what a principal allowed all of them reports. */
  set: ActionSet;
  keys: string[];
}

const scopableOf = new WeakMap<ActionSet, Scopable>();

/**
 * The mutating actions of a statement's reach that support resource-level permissions, in id order.
 * Listed once per reach set: compiled statements share theirs across every principal holding them.
 */
function mutatingScopable(catalog: Catalog, reach: ActionSet): Scopable {
  let scopable = scopableOf.get(reach);
  if (!scopable) {
    const actions = [...reach.ids()]
      .map((id) => catalog.actions[id]!)
      .filter((a) => !a.wildcardOnly && MUTATING.has(a.accessLevel));
    const set = catalog.emptySet();
    for (const a of actions) set.add(a.id);
    scopable = { actions, set, keys: actions.map((a) => a.key) };
    scopableOf.set(reach, scopable);
  }
  return scopable;
}

/** The keys of the scopable actions the principal may use: usually all of them, found word by word. */
function allowedKeys(scopable: Scopable, possible: ActionSet): string[] {
  if (scopable.set.isSubsetOf(possible)) return scopable.keys;
  return scopable.actions.filter((a) => possible.has(a.id)).map((a) => a.key);
}

/**
 * `"Resource": "*"` on actions that could have been scoped to resources, or a pattern that names
 * every resource of theirs as `*` does (`arn:*`, `arn:aws:s3:::*\/*` for objects), or every one in the
 * principal's own account (`arn:aws:secretsmanager:*:<own account>:secret:*`). Actions that
 * support no resource-level permissions (most List and Describe actions) can only be granted on
 * `*`, so they are never flagged
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html).
 * `Action: *` is left to admin-access.
 */
export const resourceWildcard: PrincipalDetector = {
  kind: "resource-wildcard",
  scope: "principal",
  needs: [],
  detect(ctx, subject) {
    const possible = ownPossible(ctx, subject);
    const account = ownAccount(subject);
    return ownAllowStatements(ctx, subject).flatMap((s) => {
      if (s.statement.notAction || s.statement.actions.includes("*")) return [];
      const everywhere = everyResource(ctx.catalog, s, account);
      if (everywhere.isEmpty()) return [];
      const scopable = allowedKeys(mutatingScopable(ctx.catalog, everywhere), possible);
      if (scopable.length === 0) return [];
      const { actions, more } = sample(scopable);
      return [
        buildFinding("resource-wildcard", [subject.principal.arn, s.source, String(s.statement.index)], {
          principalArn: subject.principal.arn,
          ...policyOf(s),
          statementIndex: s.statement.index,
          actions,
          title: `${subject.principal.name} may change any resource with ${scopable.length} action(s) that could be scoped`,
          detail: `The statement grants ${scopable.length} write, tagging or permissions-management actions on ${s.allResources ? 'Resource "*"' : `${(s.statement.resources ?? []).join(", ")}, every resource of theirs,`} although they support resource-level permissions.`,
          evidence: { ...statementLocation(s), scopableActions: scopable.length, more },
        }),
      ];
    });
  },
};
