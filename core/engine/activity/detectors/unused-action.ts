import { type Finding, findingId } from "../../findings/types.js";
import { serviceUse, type UnusedPermissionsContext, windowEvidence } from "./unused-permissions.js";

/**
 * Actions of the services a principal does use that it never called in the window, as one
 * finding per principal. Services not used at all are the unused-service finding's, so each grant
 * is reported once; unobservable actions are counted in the evidence, never called unused.
 */
export const unusedAction = {
  kind: "unused-action" as const,
  detect(ctx: UnusedPermissionsContext): Finding[] {
    const services = serviceUse(ctx)
      // Service-level last-accessed data alone does not say which actions were called.
      .filter((s) => s.actionUsed)
      .map((s) => ({ use: s, unused: s.observable.filter((a) => !s.used.has(a.id)) }))
      .filter((s) => s.unused.length > 0);
    if (services.length === 0) return [];
    const actions = services.flatMap((s) => s.unused.map((a) => a.key));
    const prefixes = services.map((s) => s.use.service.prefix);
    return [
      {
        id: findingId("unused-action", ctx.principalArn),
        kind: "unused-action",
        severity: services.some((s) => s.unused.some((a) => a.accessLevel === "Permissions management"))
          ? "medium"
          : "low",
        principalArn: ctx.principalArn,
        actions,
        title: `${actions.length} action${actions.length === 1 ? "" : "s"} of used services (${prefixes.join(", ")}) not used in ${ctx.window.days} days`,
        detail: `${ctx.principalArn} uses ${prefixes.join(", ")} but called none of ${actions.slice(0, 10).join(", ")}${actions.length > 10 ? ` and ${actions.length - 10} more` : ""} between ${ctx.window.start} and ${ctx.window.end}.`,
        evidence: {
          window: windowEvidence(ctx.window),
          services: services.map((s) => ({
            service: s.use.service.prefix,
            usedActions: s.use.observable.length - s.unused.length,
            unusedActions: s.unused.length,
            unobservableActions: s.use.unobservable,
          })),
        },
        remediation: "Narrow the grants to the actions this principal calls (the recommended policy does).",
      },
    ];
  },
};
