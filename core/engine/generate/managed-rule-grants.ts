// Keeps the grants a service's own set-up calls need, made with the principal's credentials at
// times no window need show: Step Functions' managed EventBridge rules for `.sync` tasks.
import type { Catalog } from "../catalog/catalog.js";
import type { PrincipalPermissions } from "../policy/principal-permissions.js";
import { asWritten } from "./scope-as-granted.js";
import type { KeptGrant } from "./statements.js";

/**
 * A task that runs a job and waits for it (`.sync`) is followed through an EventBridge rule Step
 * Functions manages in the account (`StepFunctionsGetEventsForECSTaskRule`, …), which it puts and
 * describes with the state machine's role: the role "must have" events:PutTargets, events:PutRule
 * and events:DescribeRule on it (STEP_FUNCTIONS). No AWS page says when Step Functions makes those
 * calls (once, while the rule is missing, or each run), so a window without them shows nothing
 * unused, and a role losing them could have its next `.sync` task refused.
 */
const STEP_FUNCTIONS = "https://docs.aws.amazon.com/step-functions/latest/dg/stepfunctions-iam.html";
const MANAGED_RULES = {
  actions: ["events:PutTargets", "events:PutRule", "events:DescribeRule"],
  // The rule's name as Step Functions gives it; a grant naming other rules (`rule/*`) says nothing
  // of `.sync` tasks and is judged by the calls seen.
  pattern: /^arn:[^:]+:events:[^:]*:[^:]*:rule\/StepFunctionsGetEventsFor[^/:]*$/,
  source: STEP_FUNCTIONS,
} as const;

/**
 * The current Allows of Step Functions' managed-rule actions on patterns naming those rules, each
 * as written (its conditions kept), by action id. `retained`: sources whose grants stay with the
 * principal anyway (a user's groups).
 */
export function managedRuleGrants(
  current: PrincipalPermissions,
  catalog: Catalog,
  retained: ReadonlySet<string>,
): Map<number, KeptGrant[]> {
  const out = new Map<number, KeptGrant[]>();
  for (const key of MANAGED_RULES.actions) {
    const action = catalog.action(key);
    if (!action) continue;
    for (const s of current.statementsFor(action.id)) {
      if (s.layer !== "identity" || s.statement.effect !== "Allow" || s.statement.notResource) continue;
      if (retained.has(s.source)) continue;
      const named = asWritten(action, s).filter((g) => MANAGED_RULES.pattern.test(g.pattern));
      if (named.length > 0) out.set(action.id, [...(out.get(action.id) ?? []), ...named]);
    }
  }
  return out;
}
