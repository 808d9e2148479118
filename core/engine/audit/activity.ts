import { ActivityAggregator } from "../activity/aggregate.js";
import type { AggregateSetup } from "../activity/aggregate-part.js";
import { CoverageTracker, type SourceCoverage } from "../activity/coverage.js";
import { NoActivityError } from "../activity/errors.js";
import { roleDirectory } from "../activity/role-directory.js";
import type { ShownManagement } from "../activity/shown-management.js";
import { loggedTypes, type TrailLogging } from "../activity/trail-logging.js";
import type { ActivitySource, ActivityWindow } from "../activity/types.js";
import type { ActivityAggregate } from "../activity/usage.js";
import type { Catalog } from "../catalog/catalog.js";
import type { Snapshot } from "../snapshot/model.js";
import type { ProgressListener } from "./progress.js";

const PROGRESS_EVERY = 50_000;

/**
 * Streams every source through one aggregator (memory grows with distinct tuples, not events) and
 * records what each covered. A source that aggregates its own input (in worker threads) hands
 * over parts instead, merged in input order. A source that yields no readable record is an input
 * error.
 */
export async function aggregateActivity(
  catalog: Catalog,
  sources: readonly ActivitySource[],
  window: ActivityWindow,
  options: {
    maxResources: number;
    logging: (source: ActivitySource) => readonly TrailLogging[];
    /** The audited account: the regions its own delivery files show are those its trail is counted on for. */
    accountId?: string;
  },
  onProgress: ProgressListener,
  evidence: Partial<Pick<AggregateSetup, "roles" | "users" | "groups" | "context">> = {},
): Promise<{
  aggregate: ActivityAggregate;
  coverage: SourceCoverage[];
  regions: (string[] | undefined)[];
  /** Per source, the regions its delivery files show recorded for any account (a trail's owner). */
  shownIn: ((account: string) => string[] | undefined)[];
  /** Per source, which management events its records show. */
  management: ShownManagement[];
  /** Per source, the same per region its records of the audited account name. */
  managementIn: ReadonlyMap<string, ShownManagement>[];
}> {
  const roles = evidence.roles ?? [];
  const setup: AggregateSetup = {
    window: { start: window.start, end: window.end },
    maxResources: options.maxResources,
    roles,
    ...(evidence.users ? { users: evidence.users } : {}),
    ...(evidence.groups ? { groups: evidence.groups } : {}),
    context: evidence.context ?? {},
  };
  const aggregator = new ActivityAggregator(catalog, {
    window: setup.window,
    maxResources: setup.maxResources,
    roles: roleDirectory(roles, setup),
    context: setup.context,
  });
  const coverage: SourceCoverage[] = [];
  // Per source, the regions its delivery files show recorded for the audited account (undefined: it read none).
  const regions: (string[] | undefined)[] = [];
  const shownIn: ((account: string) => string[] | undefined)[] = [];
  const management: ShownManagement[] = [];
  const managementIn: ReadonlyMap<string, ShownManagement>[] = [];
  let items = 0;
  for (const source of sources) {
    onProgress({ phase: "activity", message: `reading ${source.description}`, done: items });
    const tracker = new CoverageTracker(source.description, loggedTypes(options.logging(source)), window);
    let next = PROGRESS_EVERY;
    if (source.aggregate) {
      for await (const part of source.aggregate(setup)) {
        aggregator.merge(part.aggregate);
        tracker.merge(part.coverage);
        items += part.items;
        onProgress({ phase: "activity", message: "events read", done: items });
      }
    } else
      for await (const batch of source.read(window)) {
        for (const item of batch) {
          aggregator.add(item);
          tracker.add(item);
        }
        items += batch.length;
        if (items >= next) {
          onProgress({ phase: "activity", message: "events read", done: items });
          next = items + PROGRESS_EVERY;
        }
      }
    const covered = tracker.result();
    if (covered.records === 0) throw new NoActivityError(noRecords(covered));
    coverage.push(covered);
    regions.push(tracker.shownRegions(options.accountId));
    shownIn.push((account) => tracker.shownRegions(account));
    management.push(tracker.shownManagement());
    managementIn.push(tracker.shownManagementIn(options.accountId));
  }
  return { aggregate: aggregator.result(), coverage, regions, shownIn, management, managementIn };
}

function noRecords(c: SourceCoverage): string {
  const why = c.failures[0] ? `; first failure: ${c.failures[0].what}: ${c.failures[0].message}` : "";
  return `no readable CloudTrail record in ${c.source}${why}`;
}

/**
 * A role's activity is filed under the ARN CloudTrail gives; when only the assumed-role session
 * ARN was available, that ARN has no path (`role/app` for `role/service-role/app`). Such activity
 * belongs to the snapshot's role of that name, so that a pathed role is never called unused. So
 * does activity under the name in another case: IAM names are unique whatever their case, and
 * AssumeRole's recorded `roleArn` is spelled as the caller wrote it.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-names
 */
export function reconcileRoleArns(aggregate: ActivityAggregate, snapshot: Snapshot): ActivityAggregate {
  const known = new Set(snapshot.roles.map((r) => r.arn));
  const seen = new Set(aggregate.principals.map((p) => p.principal.id));
  const byName = new Map<string, string[]>();
  for (const role of snapshot.roles) {
    const key = role.name.toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), role.arn]);
  }
  const principals = aggregate.principals.map((p) => {
    if (p.principal.kind !== "role" || known.has(p.principal.id)) return p;
    const name = /:role\/([^/]+)$/.exec(p.principal.id)?.[1];
    const candidates = name ? (byName.get(name.toLowerCase()) ?? []) : [];
    const account = p.principal.id.split(":")[4];
    const match = candidates.filter((arn) => arn.split(":")[4] === account);
    // Merging two usages of one role is not worth the risk of double counting; keep them apart.
    return match.length === 1 && !seen.has(match[0]!)
      ? { ...p, principal: { ...p.principal, id: match[0]! } }
      : p;
  });
  return { ...aggregate, principals };
}
