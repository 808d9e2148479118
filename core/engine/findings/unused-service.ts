import type { PrincipalDetector } from "./context.js";
import { buildFinding } from "./finding.js";
import type { Finding } from "./types.js";
import {
  serviceUse,
  type UnusedPermissionsContext,
  unusedPermissionsContext,
  windowEvidence,
} from "./unused-permissions.js";

/**
 * The services a principal may use but did not touch in the window: neither CloudTrail nor IAM's
 * last-accessed data shows a call. Only services whose every granted action leaves a record when
 * used count, so absence of evidence is evidence here: a role allowed X-Ray's PutTraceSegments, a
 * data event the trail may not log, may send traces all day unseen, and removing its X-Ray grants
 * would stop them (its observable actions are unused-action's). One finding per principal, listing
 * the services: an administrator would otherwise raise one finding per AWS service.
 */
export const unusedService: PrincipalDetector = {
  kind: "unused-service",
  scope: "principal",
  needs: ["activity"],
  detect(ctx, subject) {
    const view = unusedPermissionsContext(ctx, subject);
    return view ? detectUnusedServices(view) : [];
  },
};

export function detectUnusedServices(ctx: UnusedPermissionsContext): Finding[] {
  const unused = serviceUse(ctx).filter((s) => !s.serviceUsed && s.observable.length > 0 && s.untraced === 0);
  if (unused.length === 0) return [];
  const prefixes = unused.map((s) => s.service.prefix);
  const managing = unused.filter((s) => s.observable.some((a) => a.accessLevel === "Permissions management"));
  const named =
    prefixes.slice(0, 8).join(", ") + (prefixes.length > 8 ? ` and ${prefixes.length - 8} more` : "");
  return [
    buildFinding("unused-service", [ctx.principalArn], {
      ...(managing.length > 0 ? { variant: "permissions-management" as const } : {}),
      principalArn: ctx.principalArn,
      title: `${prefixes.length} service${prefixes.length === 1 ? "" : "s"} allowed but not used in ${ctx.window.days} days: ${named}`,
      detail:
        `${ctx.principalArn} made no call to ${named} between ${ctx.window.start} and ${ctx.window.end}` +
        `${managing.length > 0 ? `; ${managing.map((s) => s.service.prefix).join(", ")} include permissions-management actions` : ""}.`,
      evidence: {
        window: windowEvidence(ctx.window),
        services: unused.map((s) => ({
          service: s.service.prefix,
          observableActions: s.observable.length,
          unobservableActions: s.unobservable,
          lastAccessed: s.lastAccessed ?? null,
        })),
      },
    }),
  ];
}
