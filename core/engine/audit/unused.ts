import type { AccountPermissions } from "../account/permissions.js";
import { unusedAction } from "../activity/detectors/unused-action.js";
import type { UnusedPermissionsContext } from "../activity/detectors/unused-permissions.js";
import { unusedService } from "../activity/detectors/unused-service.js";
import type { ActivityAggregate } from "../activity/usage.js";
import type { ActionSet } from "../catalog/action-set.js";
import type { Finding } from "../findings/types.js";
import type { PrincipalLastAccessed } from "../snapshot/model.js";

export interface UnusedInput {
  account: AccountPermissions;
  aggregate: ActivityAggregate;
  observable: ActionSet;
  window: { start: string; end: string; days: number };
  /** Whether any activity source was read: without one, nothing may be called unused. */
  hasActivity: boolean;
}

/**
 * unused-service and unused-action for every user and role that shows some use in the window.
 * They need CloudTrail: observability is about what CloudTrail records, and last-accessed data
 * alone tracks only some actions (an action missing from it is unknown, not unused). A principal
 * with no use at all is left to unused-role / unused-user.
 */
export function detectUnusedPermissions(input: UnusedInput): Finding[] {
  const { account, aggregate } = input;
  if (!input.hasActivity) return [];
  const usageOf = new Map(aggregate.principals.map((p) => [p.principal.id, p]));
  const findings: Finding[] = [];
  for (const access of account.all()) {
    if (access.type === "group") continue;
    const arn = access.principal.arn;
    const usage = usageOf.get(arn);
    const lastAccessed = account.snapshot.lastAccessed[arn];
    if (!usage) continue;
    const ctx: UnusedPermissionsContext = {
      catalog: account.catalog,
      principalArn: arn,
      granted: access.permissions.effective().possible,
      usage,
      observable: (action) => input.observable.has(action.id),
      ...(lastAccessed ? { lastAccessed: lastAccessedDates(lastAccessed) } : {}),
      window: input.window,
    };
    findings.push(...unusedService.detect(ctx), ...unusedAction.detect(ctx));
  }
  return findings;
}

function lastAccessedDates(data: PrincipalLastAccessed) {
  const services: Record<string, string | null> = {};
  const actions: Record<string, string | null> = {};
  for (const s of data.services) {
    services[s.namespace] = s.lastAuthenticated ?? null;
    for (const a of s.actions ?? []) actions[`${s.namespace}:${a.action}`] = a.lastAccessed ?? null;
  }
  return { services, actions };
}
