import type { ActionSet } from "../../catalog/action-set.js";
import type { Catalog } from "../../catalog/catalog.js";
import type { ServiceInfo } from "../../catalog/types.js";
import type { Statement } from "../../policy/types.js";
import type { PrincipalDetector } from "../context.js";
import { buildFinding } from "../finding.js";
import { ownPossible } from "./own-facts.js";
import { ownAllowStatements, policyOf, statementLocation } from "./own-statements.js";

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
    const possible = ownPossible(ctx, subject);
    return ownAllowStatements(ctx, subject).flatMap((s) => {
      if (s.statement.notAction) return [];
      // Usually nothing of the statement is denied: its reach per service is then counted once.
      const whole = s.reach.isSubsetOf(possible);
      return serviceWildcards(ctx.catalog, s.statement).flatMap(({ pattern, service }) => {
        const live = whole ? reachIn(s.reach, service) : liveIn(s.reach, possible, service);
        if (live === 0) return [];
        return [
          buildFinding(
            "service-wildcard",
            [subject.principal.arn, s.source, String(s.statement.index), pattern],
            {
              principalArn: subject.principal.arn,
              ...policyOf(s),
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

const wildcardsOf = new WeakMap<Statement, { pattern: string; service: ServiceInfo }[]>();

/** The statement's `service:*` patterns of known services, read once per statement every holder shares. */
function serviceWildcards(catalog: Catalog, statement: Statement) {
  let found = wildcardsOf.get(statement);
  if (!found) {
    found = statement.actions.flatMap((pattern) => {
      const match = /^([a-z0-9-]+):\*$/i.exec(pattern);
      const service = match ? catalog.service(match[1]!) : undefined;
      return service ? [{ pattern, service }] : [];
    });
    wildcardsOf.set(statement, found);
  }
  return found;
}

function liveIn(reach: ActionSet, possible: ActionSet, service: ServiceInfo): number {
  let live = 0;
  for (let id = service.first; id < service.end; id++) if (possible.has(id) && reach.has(id)) live++;
  return live;
}

const reachCounts = new WeakMap<ActionSet, Map<string, number>>();

/** How many of the service's actions a reach holds, once per reach set and service. */
function reachIn(reach: ActionSet, service: ServiceInfo): number {
  let counts = reachCounts.get(reach);
  if (!counts) {
    counts = new Map();
    reachCounts.set(reach, counts);
  }
  let count = counts.get(service.prefix);
  if (count === undefined) {
    count = 0;
    for (let id = service.first; id < service.end; id++) if (reach.has(id)) count++;
    counts.set(service.prefix, count);
  }
  return count;
}
