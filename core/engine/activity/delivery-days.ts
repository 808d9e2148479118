import { normalizeTime } from "./time.js";
import type { ActivityItem, ActivityWindow, DeliveredDays } from "./types.js";

/** Days of the window with nothing delivered for one account and region the source read. */
export interface DayGap {
  account: string;
  region: string;
  /** `YYYY-MM-DD` (UTC), in order. */
  days: string[];
}

const DAY_MS = 86_400_000;

/** The account or region of a record that names none. */
export const UNNAMED = "(unnamed)";

/**
 * Every UTC day the window touches, as `YYYY-MM-DD`. `end` is exclusive: a window ending at
 * midnight does not reach into the next day.
 */
export function utcDays(window: Pick<ActivityWindow, "start" | "end">): string[] {
  const start = Date.parse(window.start);
  const end = Date.parse(window.end);
  if (Number.isNaN(start) || Number.isNaN(end) || end <= start) return [];
  const days: string[] = [];
  for (let day = Math.floor(start / DAY_MS) * DAY_MS; day < end; day += DAY_MS)
    days.push(new Date(day).toISOString().slice(0, 10));
  return days;
}

const LAYOUT =
  /(?:^|\/)AWSLogs\/(?:o-[a-z0-9]{10,32}\/)?(\d{12})\/CloudTrail\/([a-z0-9-]+)\/(\d{4})\/(\d{2})\/(\d{2})\/[^/]+$/;

/**
 * The account, region and day a delivery file belongs to, read from where a trail puts it:
 * `AWSLogs/[<org-id>/]<account>/CloudTrail/<region>/<yyyy>/<mm>/<dd>/<file>`, in a bucket or in a
 * folder copied from one. https://docs.aws.amazon.com/awscloudtrail/latest/userguide/get-and-view-cloudtrail-log-files.html
 */
export function layoutDay(path: string): { account: string; region: string; day: string } | undefined {
  const match = LAYOUT.exec(path.replaceAll("\\", "/"));
  if (!match) return undefined;
  const [, account, region, yyyy, mm, dd] = match as unknown as string[];
  return { account: account!, region: region!, day: `${yyyy}-${mm}-${dd}` };
}

/**
 * Whether a delivery file's records include one of `day` (UTC), the day of the folder it sits in.
 * CloudTrail files a delivery under the day it is delivered on, so the events of a day's last
 * minutes sit in the next day's folder: a folder holding only such a file shows nothing recorded
 * on its own day (logging may have stopped just after midnight), and vouches for none of it.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/get-and-view-cloudtrail-log-files.html
 */
export function holdsDay(items: readonly ActivityItem[], day: string): boolean {
  return items.some(
    (item) =>
      item.kind === "event" &&
      typeof item.event.eventTime === "string" &&
      normalizeTime(item.event.eventTime)?.startsWith(day) === true,
  );
}

export interface DeliveryDaysState {
  delivered: Map<string, Set<string>>;
  seen: Map<string, Set<string>>;
  /** Accounts aggregated rows were read for. */
  aggregated: Set<string>;
}

/**
 * Which days of the window each (account, region) read has evidence for. A trail writes a log file
 * for a region only when it has events to deliver, so a missing day is either a quiet day or a
 * file that never arrived or was not copied: the two cannot be told apart, and a call missed on
 * that day would make a used permission look unused. Every missing day is therefore a gap, and a
 * gap makes the verdicts of the account `unknown` rather than `unused`.
 *
 * - Where the source read a trail's folder layout, a day is covered when its partition held a
 *   delivery file for that account and region with a record of that day (holdsDay: the sources
 *   decide it as they read each file).
 * - Where files have no layout (a flat folder, an export), a day is covered for a region when some
 *   record of that region and account falls on it. A region seen once in the window then leaves
 *   most days uncovered: the records cannot show whether its other days were logged, so the
 *   verdicts stay `unknown` — the safe side, since a false `unused` removes a permission in use.
 * - A window that ends during a day (a run at 03:00) does not ask for that day: a region's file
 *   for it arrives only once the region has had events, so its absence after a few hours says
 *   nothing yet. What this leaves unseen — a call made only in those hours, in a region whose
 *   files for them were lost — is bounded by less than a day; CloudTrail's delivery delay already
 *   leaves the last minutes of any window unseen.
 * - LookupEvents answers from CloudTrail's own event history, and is not asked for per-day evidence.
 * - Aggregated rows (Athena) span days without saying which: a row's first and last record would
 *   vouch for a month of missing partitions between them. Their per-day evidence comes apart, as
 *   the days each account and region has records on (delivered, as a layout's files), and each
 *   such place is judged as a layout's is. An account with rows but no per-day evidence at all (a
 *   query of an earlier shape) has every day a gap of every region (`*`): no day of it is known.
 */
export class DeliveryDays {
  private readonly delivered = new Map<string, Set<string>>();
  private readonly seen = new Map<string, Set<string>>();
  private readonly aggregated = new Set<string>();
  /** The last record's day, region and account: a file's records nearly all share them. */
  private last = { day: "-", region: "", account: "" };

  /** The days known so far, as plain data, to merge into the tracker of the whole source. */
  state(): DeliveryDaysState {
    return { delivered: this.delivered, seen: this.seen, aggregated: this.aggregated };
  }

  merge(state: DeliveryDaysState): void {
    for (const [into, from] of [
      [this.delivered, state.delivered],
      [this.seen, state.seen],
    ] as const) {
      for (const [key, days] of from) {
        if (!into.has(key)) into.set(key, new Set());
        for (const day of days) add(into, key, day);
      }
    }
    for (const account of state.aggregated) this.aggregated.add(account);
  }

  /** An aggregated row of this account: its days need the per-day evidence its source gives apart. */
  row(account: string | undefined): void {
    if (account) this.aggregated.add(account);
  }

  /** A record of this region and account at this time (events only, not aggregated rows). */
  record(time: string, region: string | undefined, account: string | undefined): void {
    // A record that names no account or region (an export that drops the field) is still a day of
    // that unnamed place: left out, its days vouched for nothing and the window had no gap at all.
    if (!region) region = UNNAMED;
    if (!account) account = UNNAMED;
    // Its UTC day, as the window's days are: an export may write 00:30+02:00 of a UTC day's 22:30.
    const utc = time.length === 20 && time.endsWith("Z") ? time : normalizeTime(time);
    if (utc === undefined) return;
    const last = this.last;
    if (region === last.region && account === last.account && utc.startsWith(last.day)) return;
    const day = utc.slice(0, 10);
    add(this.seen, placeKey(account, region), day);
    this.last = { day, region, account };
  }

  /** Days the source found delivery files for. */
  files(delivered: readonly DeliveredDays[]): void {
    for (const { account, region, days } of delivered) {
      const key = placeKey(account, region);
      if (!this.delivered.has(key)) this.delivered.set(key, new Set());
      for (const day of days) add(this.delivered, key, day);
    }
  }

  /** The accounts whose trail folders held a delivery file. */
  accounts(): string[] {
    return [...new Set([...this.delivered.keys()].map((key) => placeOf(key).account))];
  }

  /**
   * The regions some day of which has evidence (a delivery file; with `fromRecords`, a record), or
   * undefined when the source read no delivery file at all. With `account`, that account's alone:
   * a bucket shared by several accounts' trails holds every region of one whose trail records them
   * all, and that says nothing of the regions another account's single-region trail records.
   */
  regions(fromRecords: boolean, account?: string): string[] | undefined {
    const keys = [...this.delivered.keys(), ...(fromRecords ? this.seen.keys() : [])];
    if (keys.length === 0) return undefined;
    const held = keys.filter(
      (key) =>
        (account === undefined || placeOf(key).account === account) &&
        (this.delivered.get(key) ?? this.seen.get(key))!.size > 0,
    );
    return [...new Set(held.map((key) => placeOf(key).region))].sort(compare);
  }

  /**
   * The window's days without evidence: for each (account, region) whose folders were read, the
   * days no delivery file covers; with `fromRecords`, also for each one seen only in records, the
   * days no record falls on; for each account of aggregated rows without per-day evidence, every day.
   */
  gaps(window: Pick<ActivityWindow, "start" | "end">, fromRecords: boolean): DayGap[] {
    const days = utcDays(window);
    if (Date.parse(window.end) % DAY_MS !== 0) days.pop();
    const keys = new Set(this.delivered.keys());
    if (fromRecords) for (const key of this.seen.keys()) keys.add(key);
    const gaps: DayGap[] = [];
    const places = [...keys].map((key) => ({ key, ...placeOf(key) }));
    places.sort((a, b) => compare(a.account, b.account) || compare(a.region, b.region));
    for (const { key, account, region } of places) {
      const covered = this.delivered.get(key) ?? this.seen.get(key)!;
      const missing = days.filter((day) => !covered.has(day));
      if (missing.length === 0) continue;
      gaps.push({ account, region, days: missing });
    }
    for (const account of [...this.aggregated].sort(compare))
      if (days.length > 0 && !places.some((p) => p.account === account))
        gaps.push({ account, region: "*", days });
    return gaps;
  }
}

function add(map: Map<string, Set<string>>, key: string, day: string): void {
  const days = map.get(key);
  if (days) days.add(day);
  else map.set(key, new Set([day]));
}

/**
 * An (account, region) as one map key, the account's length first: records carry any strings, and
 * a separator could make two places one ("1 x" in "y" and "1" in "x y").
 */
function placeKey(account: string, region: string): string {
  return `${account.length}:${account}${region}`;
}

function placeOf(key: string): { account: string; region: string } {
  const colon = key.indexOf(":");
  const end = colon + 1 + Number(key.slice(0, colon));
  return { account: key.slice(colon + 1, end), region: key.slice(end) };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
