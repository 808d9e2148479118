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
 * Actions of the services a principal does use that it never called in the window, as one
 * finding per principal. Services not used at all are the unused-service finding's, so each grant
 * is reported once; unobservable actions are counted in the evidence, never called unused. A
 * service whose other granted calls may go unrecorded (unused-service leaves it out) has its
 * observable actions judged here too: any call of them would have been recorded.
 */
export const unusedAction: PrincipalDetector = {
  kind: "unused-action",
  scope: "principal",
  needs: ["activity"],
  detect(ctx, subject) {
    const view = unusedPermissionsContext(ctx, subject);
    return view ? detectUnusedActions(view) : [];
  },
};

export function detectUnusedActions(ctx: UnusedPermissionsContext): Finding[] {
  const services = serviceUse(ctx)
    // Service-level last-accessed data alone does not say which actions were called.
    .filter((s) => s.actionUsed || (!s.serviceUsed && s.untraced > 0))
    .map((s) => ({ use: s, unused: s.observable.filter((a) => !s.used.has(a.id)) }))
    .filter((s) => s.unused.length > 0);
  if (services.length === 0) return [];
  const actions = services.flatMap((s) => s.unused.map((a) => a.key));
  const prefixes = services.map((s) => s.use.service.prefix);
  const used = services.filter((s) => s.use.actionUsed).map((s) => s.use.service.prefix);
  const unseen = services.filter((s) => !s.use.actionUsed).map((s) => s.use.service.prefix);
  const uses = [
    ...(used.length > 0 ? [`uses ${used.join(", ")}`] : []),
    ...(unseen.length > 0 ? [`may use ${unseen.join(", ")} through calls the trail does not record`] : []),
  ].join(" and ");
  return [
    buildFinding("unused-action", [ctx.principalArn], {
      ...(services.some((s) => s.unused.some((a) => a.accessLevel === "Permissions management"))
        ? { variant: "permissions-management" as const }
        : {}),
      principalArn: ctx.principalArn,
      actions,
      title: `${actions.length} action${actions.length === 1 ? "" : "s"} of ${unseen.length === 0 ? "used services" : "services"} (${prefixes.join(", ")}) not used in ${ctx.window.days} days`,
      detail: `${ctx.principalArn} ${uses} but called none of ${actions.slice(0, 10).join(", ")}${actions.length > 10 ? ` and ${actions.length - 10} more` : ""} between ${ctx.window.start} and ${ctx.window.end}.`,
      evidence: {
        window: windowEvidence(ctx.window),
        services: services.map((s) => ({
          service: s.use.service.prefix,
          usedActions: s.use.observable.length - s.unused.length,
          unusedActions: s.unused.length,
          unobservableActions: s.use.unobservable,
        })),
      },
    }),
  ];
}
