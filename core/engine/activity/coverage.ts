import { type DayGap, DeliveryDays, type DeliveryDaysState, UNNAMED } from "./delivery-days.js";
import { type ShownManagement, showManagement } from "./shown-management.js";
import { normalizeTime } from "./time.js";
import { trailChange } from "./trail-changes.js";
import type { ActivityItem, ActivityWindow, SourceExtent } from "./types.js";

/** What one activity source really covered: report.json `coverage[]`. */
export interface SourceCoverage {
  source: string;
  /** Earliest and latest record read (null when none was). */
  start: string | null;
  end: string | null;
  regions: string[];
  accounts: string[];
  records: number;
  /** Records inside the window (every record when no window was given). */
  inWindow: number;
  /** Read without failure, and (as far as the source knows) every region and day of the window. */
  complete: boolean;
  /** Days of the window nothing was delivered for, per account and region read (see DeliveryDays). */
  gaps: DayGap[];
  failures: { what: string; message: string }[];
  /** Failures beyond the ones listed. */
  moreFailures: number;
  /** Data-event resource types the source's trail logs (for some or all resources). */
  loggedDataEvents: string[];
}

const MAX_FAILURES = 20;

/** A tracker's state as plain data, to merge the coverage of parts of one source read apart. */
export interface CoveragePart {
  first: number | undefined;
  last: number | undefined;
  regions: Set<string>;
  accounts: Set<string>;
  /** Records that named no account (no recipientAccountId). */
  unnamed: number;
  records: number;
  inWindow: number;
  failures: SourceCoverage["failures"];
  failureCount: number;
  extent: SourceExtent;
  days: DeliveryDaysState;
  /** Which management events the records show (shown-management.ts). */
  management: ShownManagement;
  /** The same, per account and region the records name. */
  managementIn: Map<string, Map<string, ShownManagement>>;
}

/**
 * Follows one source's items as they stream by. A warning is a failure: a file, object, page or
 * record that could not be read may have held any principal's calls.
 */
export class CoverageTracker {
  private first: number | undefined;
  private last: number | undefined;
  private readonly regions = new Set<string>();
  private readonly accounts = new Set<string>();
  private unnamed = 0;
  private records = 0;
  private inWindow = 0;
  private readonly failures: SourceCoverage["failures"] = [];
  private failureCount = 0;
  private extent: SourceExtent = {};
  private readonly days = new DeliveryDays();
  private management: ShownManagement = 0;
  private readonly managementIn = new Map<string, Map<string, ShownManagement>>();
  /** The window's bounds in milliseconds, parsed once rather than per record. */
  private readonly startMs: number;
  private readonly endMs: number;

  /** With a window, a source none of whose records fall inside it is incomplete: old logs prove nothing now. */
  constructor(
    private readonly source: string,
    private readonly loggedDataEvents: readonly string[],
    private readonly window?: Pick<ActivityWindow, "start" | "end">,
  ) {
    this.startMs = window ? Date.parse(window.start) : Number.NEGATIVE_INFINITY;
    this.endMs = window ? Date.parse(window.end) : Number.POSITIVE_INFINITY;
  }

  /** What this tracker followed, to be merged into the source's tracker (its own state is left as is). */
  part(): CoveragePart {
    return {
      first: this.first,
      last: this.last,
      regions: this.regions,
      accounts: this.accounts,
      unnamed: this.unnamed,
      records: this.records,
      inWindow: this.inWindow,
      failures: this.failures,
      failureCount: this.failureCount,
      extent: this.extent,
      days: this.days.state(),
      management: this.management,
      managementIn: this.managementIn,
    };
  }

  /** Adds a part read after what this tracker has followed: failures stay listed in read order. */
  merge(part: CoveragePart): void {
    if (part.first !== undefined && (this.first === undefined || part.first < this.first))
      this.first = part.first;
    if (part.last !== undefined && (this.last === undefined || part.last > this.last)) this.last = part.last;
    for (const region of part.regions) this.regions.add(region);
    for (const account of part.accounts) this.accounts.add(account);
    this.unnamed += part.unnamed;
    this.records += part.records;
    this.inWindow += part.inWindow;
    for (const failure of part.failures) if (this.failures.length < MAX_FAILURES) this.failures.push(failure);
    this.failureCount += part.failureCount;
    this.extent = { ...this.extent, ...part.extent };
    this.days.merge(part.days);
    this.management |= part.management;
    for (const [account, regions] of part.managementIn)
      for (const [region, shown] of regions) this.show(account, region, shown);
  }

  add(item: ActivityItem): void {
    if (item.kind === "event") {
      const { eventTime, awsRegion, recipientAccountId } = item.event;
      const inside = this.record(item.event.eventName, eventTime, eventTime, awsRegion, recipientAccountId);
      this.days.record(eventTime, awsRegion, recipientAccountId);
      // Only a record inside the window shows what the trail logged in it: one before may be of
      // selectors changed before the window, where no change inside it shows.
      if (inside) this.show(recipientAccountId, awsRegion, showManagement(0, item.event));
      const change = trailChange(item.event);
      if (change && inside) this.fail(change);
    } else if (item.kind === "summary") {
      const { event, firstSeen, lastSeen } = item.summary;
      const inside = this.record(
        event.eventName,
        firstSeen,
        lastSeen,
        event.awsRegion,
        event.recipientAccountId,
      );
      this.days.row(event.recipientAccountId);
      if (inside) this.show(event.recipientAccountId, event.awsRegion, showManagement(0, event));
      // A row groups a trail's changes as it does any call: one inside the window is one change at least.
      const change = trailChange(event);
      if (change && inside) this.fail(change);
    } else if (item.kind === "warning") {
      this.fail({ what: item.warning.origin, message: item.warning.message });
    } else {
      this.extent = { ...this.extent, ...item.extent };
      if (item.extent.delivered) this.days.files(item.extent.delivered);
    }
  }

  /** Management events a record (or row) inside the window shows, in its account and region and overall. */
  private show(account: string | undefined, region: string | undefined, shown: ShownManagement): void {
    this.management |= shown;
    // Named as their days are (DeliveryDays), to be read against the regions those show.
    const key = account || UNNAMED;
    let regions = this.managementIn.get(key);
    if (!regions) {
      regions = new Map();
      this.managementIn.set(key, regions);
    }
    const place = region || UNNAMED;
    const had = regions.get(place);
    if (had === undefined || (had | shown) !== had) regions.set(place, (had ?? 0) | shown);
  }

  private fail(failure: SourceCoverage["failures"][number]): void {
    if (this.failures.length < MAX_FAILURES) this.failures.push(failure);
    this.failureCount++;
  }

  private inside(at: number): boolean {
    return at >= this.startMs && at < this.endMs;
  }

  /** Counts a record (or a row of them, first to last); whether its first or last one is inside the window. */
  private record(name: string, first: string, last: string, region?: string, account?: string): boolean {
    this.records++;
    const a = instant(first);
    const b = first === last ? a : instant(last);
    // The aggregate sets aside a record whose time it cannot read, yet it may be a call inside the
    // window: like a file that could not be read, it leaves the window uncovered.
    if (Number.isNaN(a) || Number.isNaN(b))
      this.fail({
        what: `${name} at ${JSON.stringify(Number.isNaN(a) ? first : last)}`,
        message: "its time cannot be read",
      });
    if (!Number.isNaN(a) && (this.first === undefined || a < this.first)) this.first = a;
    if (!Number.isNaN(b) && (this.last === undefined || b > this.last)) this.last = b;
    if (!this.window || (b >= this.startMs && a < this.endMs)) this.inWindow++;
    if (region) this.regions.add(region);
    if (account) this.accounts.add(account);
    else this.unnamed++;
    return this.inside(a) || this.inside(b);
  }

  /** The regions the source's delivery files show recorded, for `account` when given (see DeliveryDays.regions). */
  shownRegions(account?: string): string[] | undefined {
    return this.days.regions(this.extent.daysFromRecords === true, account);
  }

  /** Which management events the records read inside the window show, to count a trail nobody described on for those alone. */
  shownManagement(): ShownManagement {
    return this.management;
  }

  /**
   * The same, per region, of the records inside the window naming `account` (of every account when
   * not given): another account's trail delivering to the same bucket says nothing of what this
   * account's records. Records naming no account count as the account's only where none names
   * one, as for the accounts the source covers (result()).
   */
  shownManagementIn(account?: string): ReadonlyMap<string, ShownManagement> {
    if (account !== undefined)
      return this.managementIn.get(this.accounts.size === 0 ? UNNAMED : account) ?? new Map();
    const all = new Map<string, ShownManagement>();
    for (const regions of this.managementIn.values())
      for (const [region, shown] of regions) all.set(region, (all.get(region) ?? 0) | shown);
    return all;
  }

  result(): SourceCoverage {
    const iso = (t: number | undefined) => (t === undefined ? null : new Date(t).toISOString());
    const gaps = this.window ? this.days.gaps(this.window, this.extent.daysFromRecords === true) : [];
    return {
      source: this.source,
      start: iso(this.first),
      end: iso(this.last),
      regions: [...new Set([...(this.extent.regions ?? []), ...this.regions])].sort(),
      // The accounts whose folders the files sat in count too where records name no account (a
      // copy that dropped recipientAccountId): they are that folder's account's, not any account's.
      // Records naming their account outweigh the folder, a key anyone writing the bucket chooses;
      // and records are not tied to the folder they sat in, so where some name an account, one that
      // names none may be any file's: then no folder vouches.
      accounts: [
        ...new Set([
          ...(this.extent.accounts ?? []),
          ...this.accounts,
          ...(this.unnamed > 0 && this.accounts.size === 0 ? this.days.accounts() : []),
        ]),
      ].sort(),
      records: this.records,
      inWindow: this.inWindow,
      complete:
        this.inWindow > 0 && this.failureCount === 0 && this.extent.complete !== false && gaps.length === 0,
      gaps,
      failures: this.failures,
      moreFailures: this.failureCount - this.failures.length,
      loggedDataEvents: [...this.loggedDataEvents],
    };
  }
}

/**
 * A record's time in milliseconds, read as the aggregate reads it (time.ts): a time an export
 * writes without an offset is UTC, not the local time of the machine whittle runs on. NaN when
 * unreadable.
 */
function instant(time: string): number {
  const utc = normalizeTime(time);
  if (utc === undefined) return Number.NaN;
  // From the digits of the canonical form, checked by normalizeTime: Date.parse costs several
  // times as much at every record. Years below 100 are Date.UTC's 1900s, and a time an offset
  // moved past 9999 is written `+010000-…`: both are parsed.
  const first = utc.charCodeAt(0);
  const year = digits(utc, 0, 4);
  if (first < 48 || first > 57 || year < 100) return Date.parse(utc);
  return Date.UTC(
    year,
    digits(utc, 5, 2) - 1,
    digits(utc, 8, 2),
    digits(utc, 11, 2),
    digits(utc, 14, 2),
    digits(utc, 17, 2),
  );
}

function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) value = value * 10 + text.charCodeAt(i) - 48;
  return value;
}

/**
 * Whether the evidence read covers the window for an account: at least one source, every source
 * complete, and this account among the accounts some source read. A source that names no account
 * (records without recipientAccountId, outside a trail's folders) may be any account's: a copy of
 * another account's trail would vouch for this one's silence. Without that, silence proves nothing
 * and no principal or action may be called unused.
 */
export function coversAccount(coverage: readonly SourceCoverage[], accountId: string): boolean {
  return (
    coverage.length > 0 &&
    coverage.every((c) => c.complete) &&
    coverage.some((c) => c.accounts.includes(accountId))
  );
}

/** Why the evidence does not cover the window, in one line (empty when it does). */
export function coverageGap(coverage: readonly SourceCoverage[], accountId: string): string {
  if (coverage.length === 0) return "no CloudTrail source was read";
  const failed = coverage.find((c) => c.failures.length > 0);
  if (failed)
    return `${failed.source}: ${failed.failures.length + failed.moreFailures} part(s) could not be read or went unrecorded (${failed.failures[0]?.what ?? "unknown"})`;
  const stale = coverage.find((c) => c.records > 0 && !c.inWindow);
  if (stale) return `${stale.source} read no record inside the window`;
  const missing = coverage.find((c) => c.gaps.length > 0);
  if (missing) {
    const days = missing.gaps.reduce((n, g) => n + g.days.length, 0);
    const first = missing.gaps[0]!;
    return `${missing.source} holds no log for ${days} day(s) of the window (${first.account} ${first.region} ${first.days[0]}${days > 1 ? ", ..." : ""})`;
  }
  const partial = coverage.find((c) => !c.complete);
  if (partial) return `${partial.source} did not read the whole window`;
  if (!coversAccount(coverage, accountId)) return `no source read account ${accountId}`;
  return "";
}
