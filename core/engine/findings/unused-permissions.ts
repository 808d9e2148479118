import type { PrincipalAccess } from "../account/permissions.js";
import {
  inCallDependents,
  namesDependents,
  unrecordedCallDependents,
} from "../activity/in-call-dependents.js";
import { servicePrefix } from "../activity/knowledge/service-prefixes.js";
import { type RecentGrant, recentlyAllowed } from "../activity/recent-grants.js";
import type { ActivityWindow } from "../activity/types.js";
import { observableFor } from "../activity/unrecorded-targets.js";
import type { PrincipalUsage } from "../activity/usage.js";
import { lastAccessEvidence } from "../audit/last-accessed.js";
import type { ActionSet } from "../catalog/action-set.js";
import type { Catalog } from "../catalog/catalog.js";
import type { ActionInfo, ServiceInfo } from "../catalog/types.js";
import { managedRuleGrants } from "../generate/managed-rule-grants.js";
import { observedFromUsage } from "../generate/observed.js";
import type { LastAccessEvidence } from "../generate/types.js";
import type { PrincipalLastAccessed } from "../snapshot/model.js";
import type { FindingContext } from "./context.js";

/**
 * What the unused-service and unused-action detectors take: plain data computed elsewhere, so
 * they stay independent of how effective permissions are evaluated.
 */
export interface UnusedPermissionsContext {
  catalog: Catalog;
  principalArn: string;
  /** Actions the principal is currently allowed (effective permissions). */
  granted: ActionSet;
  /**
   * Actions it is allowed through policies the trail shows granted inside the window, left out of
   * `granted`: kept by its recommendation, as are the actions checked inside their calls.
   */
  recent?: ActionSet;
  /**
   * Granted actions its recommendation keeps whatever the window shows, as a service calls them
   * with the principal's credentials at times no window need show (a state machine's managed
   * EventBridge rule, generate/managed-rule-grants.ts): kept, as are the actions checked inside
   * their calls.
   */
  keptUnseen?: ActionSet;
  /** The principal's aggregated CloudTrail activity, if it did anything in the window. */
  usage: PrincipalUsage | undefined;
  /** Whether CloudTrail could have shown the action's use (see observability.ts). */
  observable: (action: ActionInfo) => boolean;
  /**
   * Whether every use of the action leaves a record in the trail read: it is observable, or only
   * ever checked inside another call that is (iam:PassRole). Absent: the observable actions alone.
   */
  traced?: (action: ActionInfo) => boolean;
  /**
   * Whether IAM's last-accessed data shows the action not called in the window: the verdict a
   * recommendation dropping unobservable actions on that data reads. Absent: none is shown.
   */
  shownUnused?: (action: ActionInfo) => boolean;
  /** IAM last-accessed data: ISO date of last use (or null) per service prefix / action key. */
  lastAccessed?: {
    services?: Readonly<Record<string, string | null>>;
    actions?: Readonly<Record<string, string | null>>;
  };
  window: ActivityWindow;
}

export interface ServiceUse {
  service: ServiceInfo;
  /** Granted and observable: the only actions "unused" may be said of. */
  observable: ActionInfo[];
  unobservable: number;
  /**
   * Granted actions that may be used with no record in the trail read (an S3 object read under a
   * trail of management events, an X-Ray daemon's PutTraceSegments): the service's silence then
   * shows nothing unused.
   */
  untraced: number;
  /** Actions called in the window, allowed or refused (serviceUse). */
  used: Set<number>;
  /** Any sign of use of the service in the window, from CloudTrail or last-accessed data. */
  serviceUsed: boolean;
  /** Some granted action of the service is known used (not only the service as a whole). */
  actionUsed: boolean;
  lastAccessed: string | null | undefined;
}

/**
 * The unused-service and unused-action view of one user or role that shows some use in the window.
 * They need CloudTrail: observability is about what CloudTrail records, and last-accessed data
 * alone tracks only some actions (an action missing from it is unknown, not unused). A principal
 * with no use at all is left to unused-role / unused-user; groups make no calls. A principal
 * created inside the window is too young to judge, as for unused-role: the window saw it for less
 * than its length, and a monthly job's actions are not unused after a week.
 */
export function unusedPermissionsContext(
  ctx: FindingContext,
  subject: PrincipalAccess,
): UnusedPermissionsContext | undefined {
  // unused-service and unused-action both ask for every principal's: built once.
  let bySubject = views.get(ctx);
  if (!bySubject) {
    bySubject = new WeakMap();
    views.set(ctx, bySubject);
  }
  let view = bySubject.get(subject);
  if (view === undefined) {
    view = viewOf(ctx, subject) ?? null;
    bySubject.set(subject, view);
  }
  return view ?? undefined;
}

const views = new WeakMap<FindingContext, WeakMap<PrincipalAccess, UnusedPermissionsContext | null>>();

function viewOf(ctx: FindingContext, subject: PrincipalAccess): UnusedPermissionsContext | undefined {
  const activity = ctx.activity;
  // A gap in the evidence (a failure, a region not read) could hide any action's use.
  if (!activity?.covers || subject.type === "group") return undefined;
  if (createdInside(subject, ctx.window.start)) return undefined;
  const arn = subject.principal.arn;
  const usage = activity.usageOf(arn);
  if (!usage) return undefined;
  const lastAccessed = ctx.snapshot.lastAccessed[arn];
  const observable = observableFor(subject.permissions, activity.observable);
  const unknownUse = unmappedServices(ctx.catalog, usage);
  const untraced = activity.untraced;
  let verdicts: LastAccessEvidence | undefined;
  const shownUnused = (action: ActionInfo) => {
    verdicts ??= lastAccessEvidence(ctx.snapshot, arn, ctx.window, observedFromUsage(usage.actions));
    return verdicts.verdict(action.key) === "unused";
  };
  const seen = (action: ActionInfo) => observable.has(action.id) && !unknownUse.has(action.service);
  const possible = subject.permissions.effective().possible;
  const recent = recentOf(subject, activity.recentGrantsOf?.(arn) ?? []);
  const keptUnseen = keptWhateverSeen(ctx.catalog, subject);
  return {
    catalog: ctx.catalog,
    principalArn: arn,
    granted: recent ? possible.minus(recent) : possible,
    ...(recent ? { recent } : {}),
    ...(keptUnseen ? { keptUnseen } : {}),
    usage,
    // Its own grants decide: sns:Publish on `*` may be texting a phone number, which no trail records.
    observable: seen,
    // Checked only inside another call (iam:PassRole): not observable itself, yet never used unrecorded.
    traced: (action) =>
      seen(action) ||
      (untraced !== undefined && !untraced.has(action.id) && !activity.observable.has(action.id)),
    // Only a recommendation dropping unobservable actions on that data drops their dependents: one
    // keeping them all (the default) keeps their dependents too.
    ...((ctx.unobservable ?? "keep") !== "keep" ? { shownUnused } : {}),
    ...(lastAccessed ? { lastAccessed: lastAccessedDates(lastAccessed) } : {}),
    window: ctx.window,
  };
}

/**
 * The services of the principal's allowed calls that map to no action (an operation newer than the
 * tables, API Gateway's `UpdateDomainName`): such a call may have used any of its service's actions,
 * and API Gateway's verbs each authorize dozens of operations, so none is called unused.
 */
function unmappedServices(catalog: Catalog, usage: PrincipalUsage): Set<string> {
  const services = new Set<string>();
  const known = (prefix: string) => catalog.service(prefix) !== undefined;
  for (const call of usage.unmappedCalls ?? []) {
    const prefix = servicePrefix(call.eventSource, known);
    if (prefix !== undefined) services.add(catalog.service(prefix)!.prefix);
  }
  return services;
}

/**
 * What policies the trail shows granted inside the window allow the principal, if any: those were
 * held for part of it only, and not seeing them used shows nothing unused.
 */
function recentOf(subject: PrincipalAccess, recent: readonly RecentGrant[]): ActionSet | undefined {
  return recent.length === 0 ? undefined : recentlyAllowed(subject.permissions, recent);
}

/**
 * The granted actions a recommendation keeps as granted today without any call seen, if any: those
 * on Step Functions' managed rules. Any of the principal's grants counts, a user's groups' too,
 * which its recommendation leaves in place.
 */
function keptWhateverSeen(catalog: Catalog, subject: PrincipalAccess): ActionSet | undefined {
  const kept = managedRuleGrants(subject.permissions, catalog, new Set());
  if (kept.size === 0) return undefined;
  const set = catalog.emptySet();
  for (const id of kept.keys()) set.add(id);
  return set;
}

function createdInside(subject: PrincipalAccess, start: string): boolean {
  const created = "createDate" in subject.principal ? subject.principal.createDate : undefined;
  return created !== undefined && Date.parse(created) > Date.parse(start);
}

function lastAccessedDates(data: PrincipalLastAccessed) {
  const services: Record<string, string | null> = {};
  const actions: Record<string, string | null> = {};
  for (const s of data.services) {
    services[s.namespace] = s.lastAuthenticated ?? null;
    for (const a of s.actions ?? []) actions[`${s.namespace}:${a.action}`] = a.lastAccessed ?? null;
  }
  return { services, actions };
}

/**
 * Granted actions grouped by service, with what the window shows of their use: worked out once per
 * view, which both detectors read (read-only).
 */
export function serviceUse(ctx: UnusedPermissionsContext): readonly ServiceUse[] {
  let use = uses.get(ctx);
  if (!use) {
    use = servicesOf(ctx);
    uses.set(ctx, use);
  }
  return use;
}

const uses = new WeakMap<UnusedPermissionsContext, readonly ServiceUse[]>();

function servicesOf(ctx: UnusedPermissionsContext): ServiceUse[] {
  const { catalog, granted, window } = ctx;
  const start = Date.parse(window.start);
  const inWindow = (date: string | null | undefined) => typeof date === "string" && Date.parse(date) >= start;
  const used = new Set<number>();
  // A granted action AWS refused is in use all the same: S3 refuses a read of a missing key with
  // Access Denied to a caller not allowed s3:ListBucket, and of an SSE-KMS object to one not allowed
  // kms:Decrypt, whatever its s3:GetObject; the next read of a key that exists needs the grant.
  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html
  for (const usage of ctx.usage?.actions ?? []) {
    const action = catalog.action(usage.action);
    if (action && (usage.count > 0 || usage.denied > 0)) used.add(action.id);
  }
  for (const [key, date] of Object.entries(ctx.lastAccessed?.actions ?? {})) {
    const action = catalog.action(key);
    if (action && inWindow(date)) used.add(action.id);
  }
  // Checked inside a used call, whose record shows only the call: in use as the call is (an
  // interface endpoint's private DNS zone association, a blue/green switchover's instance changes).
  // A call no trail records (shown used by last-accessed data alone) has no record to decide any.
  for (const id of [...used]) {
    const action = catalog.actions[id]!;
    const dependents = ctx.observable(action)
      ? inCallDependents(catalog, action)
      : unrecordedCallDependents(catalog, action);
    for (const dependent of dependents) used.add(dependent.id);
  }
  const unrecorded = possiblyUsedDependents(ctx, used);
  for (const id of ctx.keptUnseen?.ids() ?? []) if (!used.has(id)) unrecorded.add(id);
  const result: ServiceUse[] = [];
  for (const service of catalog.services) {
    // Most principals are granted a few services of hundreds: skip the rest a word at a time.
    if (granted.countRange(service.first, service.end) === 0) continue;
    const observable: ActionInfo[] = [];
    let unobservable = 0;
    let untraced = 0;
    let anyUsed = false;
    for (let id = service.first; id < service.end; id++) {
      if (!granted.has(id)) continue;
      const action = catalog.actions[id]!;
      if (used.has(id)) anyUsed = true;
      if (ctx.observable(action) && !unrecorded.has(id)) observable.push(action);
      else unobservable++;
      if (!(ctx.traced ?? ctx.observable)(action) || unrecorded.has(id)) untraced++;
    }
    if (observable.length === 0 && unobservable === 0) continue;
    const lastAccessed = ctx.lastAccessed?.services?.[service.prefix];
    result.push({
      service,
      observable,
      unobservable,
      untraced,
      used,
      serviceUsed: anyUsed || inWindow(lastAccessed),
      actionUsed: anyUsed,
      lastAccessed,
    });
  }
  return result;
}

/**
 * The granted actions no record shows used that IAM checks inside the calls of an action that may
 * be called unseen: one granted that no trail records, or one granted inside the window. Each such
 * call uses them unseen, and the recommendation keeps them with the action (generate/recommend.ts).
 * Like that action, they may be in use, unless IAM's last-accessed data shows an unrecorded one not
 * called in the window (which a recommendation may drop on that data).
 */
function possiblyUsedDependents(ctx: UnusedPermissionsContext, used: ReadonlySet<number>): Set<number> {
  const { catalog, granted, recent } = ctx;
  const naming = withDependents(catalog);
  const found = new Set<number>();
  // None of their calls is seen, so no record decides a dependent: iam:PassRole is as possibly in
  // use as the call passing the role.
  const add = (action: ActionInfo, shownUnused: (action: ActionInfo) => boolean) => {
    const dependents = unrecordedCallDependents(catalog, action).filter(
      (d) => granted.has(d.id) && !used.has(d.id) && !found.has(d.id),
    );
    if (dependents.length === 0 || shownUnused(action)) return;
    for (const dependent of dependents) found.add(dependent.id);
  };
  for (const id of granted.intersect(naming).ids()) {
    const action = catalog.actions[id]!;
    if (ctx.observable(action) || used.has(id)) continue;
    add(action, ctx.shownUnused ?? (() => false));
  }
  // Held for part of the window only, or kept whatever the window shows: kept whatever the data
  // shows of the rest.
  for (const id of recent?.intersect(naming).ids() ?? [])
    if (!used.has(id)) add(catalog.actions[id]!, () => false);
  for (const id of ctx.keptUnseen?.intersect(naming).ids() ?? [])
    if (!used.has(id)) add(catalog.actions[id]!, () => false);
  return found;
}

const naming = new WeakMap<Catalog, ActionSet>();

/** The catalog actions with any in-call dependent: few, so an administrator's grants are not all read. */
function withDependents(catalog: Catalog): ActionSet {
  let set = naming.get(catalog);
  if (!set) {
    set = catalog.emptySet();
    for (const action of catalog.actions) if (namesDependents(action)) set.add(action.id);
    naming.set(catalog, set);
  }
  return set;
}

export function windowEvidence(window: ActivityWindow) {
  return { start: window.start, end: window.end, days: window.days };
}
