import { unreadBoundaryWarnings } from "./account/boundary-warnings.js";
import { AccountPermissions } from "./account/permissions.js";
import { coverageGap } from "./activity/coverage.js";
import { grantsAfterWindow, undatedGrants } from "./activity/grant-dates.js";
import { createObservability } from "./activity/observability.js";
import { recentGrants } from "./activity/recent-grants.js";
import { confinedTo } from "./activity/region-folder.js";
import { shownSidesIn } from "./activity/shown-management.js";
import { shownRegions } from "./activity/shown-regions.js";
import { certainlyRecorded, trailAlternatives } from "./activity/trail-alternatives.js";
import { defaultLogging, type TrailLogging } from "./activity/trail-logging.js";
import { ownerChangesUnread } from "./activity/trail-owner.js";
import { notLogging } from "./activity/trail-status.js";
import type { ActivitySource } from "./activity/types.js";
import { unreadRecordRegions } from "./activity/unread-record-regions.js";
import { aggregateActivity, reconcileRoleArns } from "./audit/activity.js";
import { type AuditConfig, auditConfig } from "./audit/config.js";
import { contextReadByPolicies } from "./audit/context-keys.js";
import { findingsInTwoSteps } from "./audit/findings.js";
import { planChanges } from "./audit/plans.js";
import { currentPolicies, principalRows } from "./audit/principals.js";
import type { ProgressListener } from "./audit/progress.js";
import type { Recommender } from "./audit/recommend-job.js";
import { recommendAll } from "./audit/recommendations.js";
import type { Catalog } from "./catalog/catalog.js";
import { activityEvidence } from "./findings/context.js";
import { identityConfig } from "./findings/identity-context.js";
import { type Problem, severityCounts } from "./findings/run.js";
import { snapshotAge, staleSnapshotProblem } from "./findings/snapshot-age.js";
import { instantText } from "./report/instant-text.js";
import { REPORT_SCHEMA_VERSION, type Report, validReport } from "./report/schema.js";
import type { SnapshotSource } from "./snapshot/source.js";

export interface AuditSources {
  snapshot: SnapshotSource;
  activity: readonly ActivitySource[];
  /**
   * What the account's trails log (their event selectors), for the sources that read a trail.
   * Unknown: every management event plus `activity.loggedDataEvents` of the configuration.
   */
  logging?: readonly TrailLogging[];
}

export interface AuditOptions {
  catalog: Catalog;
  /** "Now", passed in so that a run is reproducible; the window is [now - days, now]. */
  now: Date;
  days: number;
  config?: AuditConfig;
  /** Version of Whittle, written into the report. */
  version: string;
  onProgress?: ProgressListener;
  /** Where the principals' policies are generated: this thread unless an adapter spreads them. */
  recommender?: Recommender;
}

const DAY_MS = 86_400_000;

/**
 * The one use case, shared by the CLI and the Lambda functions: snapshot → effective permissions
 * → activity → findings → recommendations → report. Deterministic for the same inputs and `now`.
 */
export async function runAudit(sources: AuditSources, options: AuditOptions): Promise<Report> {
  const { catalog, now, days } = options;
  const config = options.config ?? auditConfig();
  const progress: ProgressListener = options.onProgress ?? (() => {});
  const start = new Date(now.getTime() - days * DAY_MS);
  const window = { start: start.toISOString(), end: now.toISOString(), days };

  progress({ phase: "snapshot", message: `loading ${sources.snapshot.description}` });
  const snapshot = await sources.snapshot.load();
  const account = new AccountPermissions(catalog, snapshot);

  // A trail not logging inside the window is counted on for nothing (trail-status.ts).
  const stopped: Problem[] = [];
  const trails = (sources.logging ?? [defaultLogging(config.activity.loggedDataEvents)]).map((trail) => {
    const off = notLogging(trail, window);
    if (!off) return trail;
    stopped.push({ code: "trail-not-logging", origin: trail.trail ?? "a trail", message: off.message });
    return off.counted;
  });
  const logging = (source: ActivitySource) => (source.logging ? [source.logging] : trails);
  const read = await aggregateActivity(
    catalog,
    sources.activity,
    window,
    { maxResources: config.activity.maxResources, logging, accountId: snapshot.accountId },
    progress,
    {
      // Only what resolving passed roles and IAM entities' paths needs: this travels to every worker thread.
      roles: snapshot.roles.map((r) => ({
        name: r.name,
        arn: r.arn,
        instanceProfiles: r.instanceProfiles.map((p) => ({ name: p.name, arn: p.arn })),
      })),
      users: snapshot.users.map((u) => ({ name: u.name, arn: u.arn, id: u.id })),
      groups: snapshot.groups.map((g) => ({ name: g.name, arn: g.arn })),
      // Read only with events: without any, the walk of every document would decide nothing.
      ...(sources.activity.length > 0 ? { context: contextReadByPolicies(snapshot) } : {}),
    },
  );
  const aggregate = reconcileRoleArns(read.aggregate, snapshot);
  const { coverage } = read;
  // "unused" needs evidence that could have shown the use: every source read whole.
  const gap =
    sources.activity.length === 0
      ? "no CloudTrail source was read"
      : coverageGap(coverage, snapshot.accountId);
  const observability = createObservability(catalog);
  // A trail whose regions no description gives (no --event-selectors, or selectors without
  // describe-trails output; live sources read their trails' own) is counted on only in the regions
  // its delivery files show: a copy of a single-region trail shows nothing of the others.
  const undescribed: Problem[] = [];
  // Nor does anything say which management events it logs: only the sides and sources its files
  // show are counted on, and only in the regions whose files show them (shown-management.ts).
  const undescribedSides = (trail: TrailLogging, origin: string, i: number) => {
    const { counted, lacking } = shownSidesIn(
      trail,
      read.management[i]!,
      read.managementIn[i]!,
      read.regions[i],
    );
    for (const what of lacking)
      undescribed.push({
        code: "trail-side-not-shown",
        origin,
        message: `its files hold no ${what}, which the trail may not log (no event selectors were given): no such call is called unused from their silence (give --event-selectors)`,
      });
    return counted;
  };
  const alternatives = sources.activity.map((source, i) => {
    const regions = read.regions[i];
    // A copy of one region's folder shows nothing of the others, even of a trail of every region.
    const confined = (list: readonly TrailLogging[]) =>
      source.regions ? list.map((trail) => confinedTo(trail, source.regions!)) : list;
    if (source.logging) return [confined([source.logging])];
    // Trails delivering to different places: the source holds one's files, or another's.
    const groups = trailAlternatives(trails, source.delivery).map((group) =>
      (sources.logging
        ? group
        : group.flatMap((given) => undescribedSides(given, source.description, i))
      ).map((trail) => {
        const unread = ownerChangesUnread(trail, snapshot.accountId, read.shownIn[i]!);
        if (!unread) return trail;
        undescribed.push({
          code: "trail-changes-not-shown",
          origin: source.description,
          message: `${trail.trail} belongs to account ${unread.owner}, whose files of ${unread.home} (where its stops and selector changes are recorded) were not read: its data events may have been turned on inside the window, so nothing is called unused from their silence`,
        });
        return unread.counted;
      }),
    );
    if (!regions) return groups.map(confined);
    return groups.map((group) =>
      confined(
        group.map((trail) => {
          if (sources.logging && !trail.regionsUnknown) {
            // Described as recording every region: believed for the regions its files hold, if
            // they hold those where it records more than their own calls.
            const unread = unreadRecordRegions(trail, regions);
            if (unread.length === 0) return trail;
            undescribed.push({
              code: "trail-regions-not-shown",
              origin: source.description,
              message: `its files hold nothing of ${unread.join(" or ")}, where the trail records global services' events (IAM, STS's global endpoint) or its own stops and changes: nothing is called unused from its silence`,
            });
            return { ...trail, regions: [...regions].sort() };
          }
          const counted = shownRegions(trail, regions);
          if (counted !== trail)
            undescribed.push({
              code: "trail-regions-not-shown",
              origin: source.description,
              message: `its files show only ${regions.join(", ") || "no region"} and no description says the trail records every region: nothing is called unused from its silence (give \`aws cloudtrail describe-trails\` output with --event-selectors)`,
            });
          return counted;
        }),
      ),
    );
  });
  const recorded = (records: (trails: readonly TrailLogging[]) => boolean) =>
    certainlyRecorded(alternatives, records);
  const observable = catalog.emptySet();
  const untraced = catalog.emptySet();
  for (const action of catalog.actions) {
    if (recorded((trails) => observability.observable(action, trails))) observable.add(action.id);
    if (!recorded((trails) => observability.traced(action, trails))) untraced.add(action.id);
  }
  // STS records AssumeRole as a read-only event (activity/knowledge/read-only-exceptions.ts).
  const assumptionsRecorded = recorded((trails) => observability.recordsManagement("sts", "read", trails));
  // ConsoleLogin is a write event of signin, recorded in the region of the endpoint signed in to.
  const signInsRecorded = recorded((trails) => observability.recordsManagement("signin", "write", trails));
  const undated =
    grantsAfterWindow(snapshot.collectedAt, window.end) ||
    (recorded((trails) => undatedGrants(trails) === "") ? "" : undatedGrants([]));

  // What both the recommendations and the change plans are minimized from.
  const evidence = {
    account,
    aggregate,
    observable,
    gap,
    undatedGrants: undated,
    window,
    options: config.generate,
  };
  progress({ phase: "recommendations", message: "minimizing policies" });
  // Where the recommender spreads them over threads, they are computed while this thread runs
  // the detectors: only the unproven policy sets' finding waits for them (findingsInTwoSteps).
  const generating = recommendAll({ ...evidence, onProgress: progress }, options.recommender);
  // Its failure is met where it is awaited, after the detectors, not reported as unhandled before.
  generating.catch(() => undefined);

  progress({ phase: "findings", message: "running detectors" });
  const completeFindings = findingsInTwoSteps(
    {
      catalog,
      snapshot,
      account,
      now,
      window,
      config: identityConfig(config.identity),
      ...(config.generate.unobservable ? { unobservable: config.generate.unobservable } : {}),
      // Without an activity source, its silence proves nothing.
      ...(sources.activity.length > 0
        ? {
            activity: activityEvidence(
              aggregate,
              observable,
              gap === "",
              recentGrants(snapshot, aggregate.grants, undated, window.start),
              assumptionsRecorded,
              untraced,
              signInsRecorded,
            ),
          }
        : {}),
    },
    { exclusions: config.exclusions },
  );
  const generated = await generating;

  progress({ phase: "recommendations", message: "planning changes" });
  const planned = planChanges({
    ...evidence,
    recommendations: generated.recommendations,
    planProofs: generated.planProofs,
  });
  const { findings, problems: detectorProblems } = completeFindings([
    ...generated.unproven,
    ...planned.unproven,
  ]);
  // IAM's last-used data ends at the snapshot: the detectors judge by it no further (usage.ts).
  const age = snapshotAge(snapshot.collectedAt, now);
  const stale = staleSnapshotProblem(snapshot.collectedAt, now);
  const problems: Problem[] = [
    ...[...snapshot.warnings, ...unreadBoundaryWarnings(account, snapshot.warnings)].map((message) => ({
      code: "snapshot-warning",
      origin: "snapshot",
      message,
    })),
    ...(stale ? [stale] : []),
    ...aggregate.warnings.map((w) => ({ code: w.code, origin: w.origin, message: w.message })),
    ...(aggregate.warningsDropped > 0
      ? [
          {
            code: "warnings-dropped",
            origin: "activity",
            message: `${aggregate.warningsDropped} more activity warnings not shown`,
          },
        ]
      : []),
    ...stopped,
    ...undescribed,
    ...detectorProblems,
  ];

  progress({ phase: "report", message: "assembling the report" });
  const principals = principalRows(account, aggregate, findings, {
    windowStart: window.start,
    gap,
    ...(age ? { snapshotAge: age } : {}),
  });
  const report: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    accountId: snapshot.accountId,
    ...(snapshot.alias ? { alias: snapshot.alias } : {}),
    generatedAt: instantText(now),
    window,
    sources: {
      snapshot: sources.snapshot.description,
      activity: sources.activity.map((s) => s.description),
      // The same problems as the strings earlier readers expect, and as data.
      warnings: problems.map(warningText),
      problems,
    },
    summary: {
      principals: principals.length,
      findings: severityCounts(findings),
      suppressed: findings.filter((f) => f.suppressed).length,
      recommendations: generated.recommendations.length,
      events: aggregate.events,
    },
    principals,
    coverage,
    findings,
    recommendations: generated.recommendations,
    plans: planned.plans,
    policies: currentPolicies(snapshot),
    activity: {
      events: aggregate.events,
      outsideWindow: aggregate.outsideWindow,
      unmapped: aggregate.unmapped.map((u) => ({ ...u })),
      ignored: aggregate.ignored.map((i) => ({ ...i })),
    },
    engine: { version: options.version, catalogVersion: catalog.version },
  };
  return validReport(report);
}

/** A problem as one line; snapshot warnings and the dropped count already read as sentences. */
function warningText(problem: Problem): string {
  const standalone = problem.code === "snapshot-warning" || problem.code === "warnings-dropped";
  return standalone ? problem.message : `${problem.origin}: ${problem.message}`;
}
