import type { DeliveredDays } from "../engine/activity/types.js";

/**
 * The query's per-day rows (`event_day` set: the grouping set of account, region and day) as the
 * days each account and region has records on, which the coverage needs to find days without
 * evidence inside the window. Rows of calls leave `event_day` empty.
 */
export class DayPresence {
  private readonly places = new Map<string, DeliveredDays & { days: string[] }>();

  /** Takes the row when it is a per-day row (true), whatever it holds; false for a row of calls. */
  add(row: Readonly<Record<string, string | undefined>>): boolean {
    const day = row.event_day;
    if (!day) return false;
    const { recipient_account: account, region } = row;
    // A day row without its place cannot vouch for any; the calls' rows keep their own account.
    if (!account || !region || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return true;
    const key = `${account} ${region}`;
    const place = this.places.get(key) ?? { account, region, days: [] };
    place.days.push(day);
    this.places.set(key, place);
    return true;
  }

  delivered(): DeliveredDays[] {
    return [...this.places.values()];
  }
}
