import { AccountPermissions } from "./account/permissions.js";
import { coverageGap } from "./activity/coverage.js";
import { createObservability } from "./activity/observability.js";
import { roleDirectory } from "./activity/role-directory.js";
import { defaultLogging, type TrailLogging } from "./activity/trail-logging.js";
import type { ActivitySource } from "./activity/types.js";
import { aggregateActivity, reconcileRoleArns } from "./audit/activity.js";
import { type AuditConfig, auditConfig } from "./audit/config.js";
import { collectFindings, severityCounts } from "./audit/findings.js";
import { planChanges } from "./audit/plans.js";
import { currentPolicies, principalRows } from "./audit/principals.js";
import type { ProgressListener } from "./audit/progress.js";
import { recommendAll } from "./audit/recommendations.js";
import { detectUnusedPermissions } from "./audit/unused.js";
import type { Catalog } from "./catalog/catalog.js";
import { REPORT_SCHEMA_VERSION, type Report, reportSchema } from "./report/schema.js";
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

  const trails = sources.logging ?? [defaultLogging(config.activity.loggedDataEvents)];
  const logging = (source: ActivitySource) => (source.logging ? [source.logging] : trails);
  const read = await aggregateActivity(
    catalog,
    sources.activity,
    window,
    { maxResources: config.activity.maxResources, logging },
    progress,
    roleDirectory(snapshot.roles),
  );
  const aggregate = reconcileRoleArns(read.aggregate, snapshot);
  const { coverage } = read;
  // "unused" needs evidence that could have shown the use: every source read whole.
  const gap = coverageGap(coverage, snapshot.accountId);
  const covered = gap === "";
  const observability = createObservability(catalog);
  const shown = sources.activity.flatMap(logging);
  const observable = catalog.emptySet();
  for (const action of catalog.actions)
    if (observability.observable(action, shown)) observable.add(action.id);

  progress({ phase: "recommendations", message: "minimizing policies" });
  const generated = recommendAll({
    account,
    aggregate,
    observable,
    window,
    options: config.generate,
    onProgress: progress,
  });

  progress({ phase: "recommendations", message: "planning changes" });
  const planned = planChanges({
    account,
    aggregate,
    observable,
    window,
    options: config.generate,
    recommendations: generated.recommendations,
  });

  progress({ phase: "findings", message: "running detectors" });
  const { findings, warnings } = collectFindings({
    account,
    aggregate,
    now,
    window: { start, end: now, days },
    config,
    hasActivity: sources.activity.length > 0,
    activityCovers: covered,
    extra: [
      ...generated.findings,
      ...planned.findings,
      ...detectUnusedPermissions({
        account,
        aggregate,
        observable,
        window,
        hasActivity: covered,
      }),
    ],
  });

  progress({ phase: "report", message: "assembling the report" });
  const principals = principalRows(account, aggregate, findings, {
    windowStart: window.start,
    gap: sources.activity.length === 0 ? "no CloudTrail source was read" : gap,
  });
  const report: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    accountId: snapshot.accountId,
    ...(snapshot.alias ? { alias: snapshot.alias } : {}),
    generatedAt: now.toISOString(),
    window,
    sources: {
      snapshot: sources.snapshot.description,
      activity: sources.activity.map((s) => s.description),
      warnings: [
        ...snapshot.warnings,
        ...aggregate.warnings.map((w) => `${w.origin}: ${w.message}`),
        ...(aggregate.warningsDropped > 0
          ? [`${aggregate.warningsDropped} more activity warnings not shown`]
          : []),
        ...warnings,
      ],
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
  return reportSchema.parse(report);
}
