import type { LastAccessEvidence } from "../generate/types.js";
import type { Snapshot } from "../snapshot/model.js";

/**
 * What IAM's last-accessed data says about one action of a principal since `since`: action-level
 * data where AWS tracks the service's actions, else service-level data (no action of a service
 * last authenticated before the window was used in it), else nothing.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_last-accessed.html
 */
export function lastAccessEvidence(
  snapshot: Snapshot,
  principalArn: string,
  since: string,
): LastAccessEvidence {
  const start = Date.parse(since);
  const inWindow = (date: string | undefined) => date !== undefined && Date.parse(date) >= start;
  const services = new Map(
    (snapshot.lastAccessed[principalArn]?.services ?? []).map((s) => [s.namespace.toLowerCase(), s]),
  );
  return {
    verdict(actionKey) {
      const [prefix = "", name = ""] = actionKey.split(":");
      const service = services.get(prefix.toLowerCase());
      if (!service) return "unknown";
      if (!inWindow(service.lastAuthenticated)) return "unused";
      const tracked = service.actions?.find((a) => a.action.toLowerCase() === name.toLowerCase());
      if (!tracked) return "accessed-service";
      return inWindow(tracked.lastAccessed) ? "used" : "unused";
    },
  };
}
