import type { PrincipalDetector } from "../context.js";
import { buildFinding } from "../finding.js";
import { ownAllowStatements, policyArnOf, statementLocation } from "./own-statements.js";

/**
 * `"Action": "service:*"` in an Allow: every present and future action of the service, including
 * its permissions-management ones. Reported only while some of the service's actions are still
 * effectively allowed (a Deny elsewhere can cancel it). `*` alone is admin-access's business.
 */
export const serviceWildcard: PrincipalDetector = {
  kind: "service-wildcard",
  scope: "principal",
  needs: [],
  detect(ctx, subject) {
    const possible = subject.permissions.effective().possible;
    return ownAllowStatements(ctx, subject).flatMap((s) => {
      if (s.statement.notAction) return [];
      return s.statement.actions.flatMap((pattern) => {
        const match = /^([a-z0-9-]+):\*$/i.exec(pattern);
        const service = match ? ctx.catalog.service(match[1]!) : undefined;
        if (!service) return [];
        let live = 0;
        for (let id = service.first; id < service.end; id++) if (possible.has(id) && s.reach.has(id)) live++;
        if (live === 0) return [];
        return [
          buildFinding(
            "service-wildcard",
            [subject.principal.arn, s.source, String(s.statement.index), pattern],
            {
              principalArn: subject.principal.arn,
              ...policyArnOf(s),
              statementIndex: s.statement.index,
              actions: [pattern],
              title: `${subject.principal.name} is allowed every ${service.prefix} action (${pattern})`,
              detail: `${live} of the service's ${service.end - service.first} actions are effectively allowed through this statement, and any action AWS adds to ${service.prefix} will be too.`,
              evidence: { ...statementLocation(s), service: service.prefix, effectivelyAllowed: live },
            },
          ),
        ];
      });
    });
  },
};
