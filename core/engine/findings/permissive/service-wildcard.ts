import type { ActionSet } from "../../catalog/action-set.js";
import type { Catalog } from "../../catalog/catalog.js";
import type { ServiceInfo } from "../../catalog/types.js";
import { expandActionPattern } from "../../policy/expand.js";
import { globMatch, hasWildcard } from "../../policy/glob.js";
import type { Statement } from "../../policy/types.js";
import type { PrincipalDetector } from "../context.js";
import { buildFinding } from "../finding.js";
import { ownPossible } from "./own-facts.js";
import { ownAllowStatements, policyOf, statementLocation } from "./own-statements.js";

/**
 * `"Action": "service:*"` (or any other spelling of it) in an Allow: every present and future
 * action of the service, including its permissions-management ones. Reported only while some of
 * the service's actions are still effectively allowed (a Deny elsewhere can cancel it). `*` alone
 * is admin-access's business.
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

/** The statement's patterns naming every action of known services, read once per statement every holder shares. */
function serviceWildcards(catalog: Catalog, statement: Statement) {
  let found = wildcardsOf.get(statement);
  if (!found) {
    found = statement.actions.flatMap((pattern) =>
      wholeServices(catalog, pattern).map((service) => ({ pattern, service })),
    );
    wildcardsOf.set(statement, found);
  }
  return found;
}

/** A name made of wildcards alone, one a `*`: it names every action, those AWS adds later too. */
const EVERY_NAME = /^[*?]*\*[*?]*$/;

/**
 * The services a pattern names every action of: `iam:*`, and also `IAM:*`, `iam:?*`, `iam:**` or
 * `?am:*` (each service the prefix matches), as IAM matches actions case-insensitively with `*`
 * and `?` anywhere. `?`s are checked against the catalog's names, which are all longer than a few.
 * A pattern naming every catalog action (`*:*`) is admin-access's business.
 */
function wholeServices(catalog: Catalog, pattern: string): ServiceInfo[] {
  const colon = pattern.indexOf(":");
  if (colon < 0 || !EVERY_NAME.test(pattern.slice(colon + 1))) return [];
  const named = expandActionPattern(catalog, pattern);
  if (named.count() === catalog.size) return [];
  const prefix = pattern.slice(0, colon);
  const services = hasWildcard(prefix)
    ? catalog.services.filter((s) => globMatch(prefix, s.prefix, true))
    : [catalog.service(prefix)].filter((s) => s !== undefined);
  return services.filter((s) => {
    for (let id = s.first; id < s.end; id++) if (!named.has(id)) return false;
    return true;
  });
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
