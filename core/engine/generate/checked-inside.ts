import { NEVER_LOGGED_ACTIONS } from "../activity/knowledge/never-logged.js";
import type { ActionInfo } from "../catalog/types.js";

/** Lower-case keys of the actions only ever checked inside another call (never-logged.ts `within`). */
const INSIDE_ONLY: ReadonlySet<string> = new Set(
  NEVER_LOGGED_ACTIONS.filter((e) => e.within).map((e) => e.action.toLowerCase()),
);

/**
 * Whether an action is only ever checked inside another call, never called as an API of its own
 * (iam:PassRole). IAM's last-accessed data dates "attempts to access an AWS API"; no AWS page says
 * whether passing a role counts as one, so its verdict on such an action shows nothing unused, and
 * a kept call that needs it keeps it.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GenerateServiceLastAccessedDetails.html
 */
export function checkedInsideOnly(action: ActionInfo): boolean {
  return INSIDE_ONLY.has(action.key.toLowerCase());
}
