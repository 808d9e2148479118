import type { PolicyInput } from "../policy/principal-permissions.js";
import type { ConditionClause, Policy } from "../policy/types.js";

/**
 * The permissions boundary of a principal whose boundary document the snapshot does not hold (a
 * filtered GetAccountAuthorizationDetails, a policy deleted since) or could not read at all: what
 * it holds back is unknown, so it is read as allowing every action only under a condition no
 * request can decide. Every Allow of the principal's own policies is then conditional, never
 * certain and never left out: a missed administrator is worse than a doubtful one, and one with
 * no boundary at all is more than the snapshot shows.
 */
export function unreadBoundary(source: string): PolicyInput {
  // No operator IAM knows: evaluateClause answers "maybe" for it whatever the request carries.
  const unknown: ConditionClause = {
    operator: "WhittleUnreadBoundary",
    base: "WhittleUnreadBoundary",
    ifExists: false,
    key: "whittle:BoundaryDocument",
    values: [source],
  };
  const statement = {
    index: 0,
    effect: "Allow" as const,
    actions: ["*"],
    notAction: false,
    resources: ["*"],
    notResource: false,
    notPrincipal: false,
    conditions: [unknown],
  };
  const policy: Policy = { statements: [statement], drafts: [statement], size: 0, raw: undefined };
  return { source, policy };
}
