const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/**
 * CloudTrail writes `2024-06-03T15:23:22Z`; exports and SIEM copies write other ISO variants
 * (`2024-06-03 15:23:22.000000000`). Times are compared as strings, so every one is brought to
 * the canonical second-precision UTC form first; an unreadable time gives undefined.
 */
export function normalizeTime(value: string): string | undefined {
  // Character checks first: this runs for every event, and nearly all are canonical.
  if (
    value.length === 20 &&
    value.charCodeAt(10) === 84 &&
    value.charCodeAt(19) === 90 &&
    CANONICAL.test(value)
  ) {
    return inRange(value) ? value : undefined;
  }
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(
    value.trim(),
  );
  if (!match || !inRange(`${match[1]}T${match[2]}`)) return undefined;
  const ms = Date.parse(`${match[1]}T${match[2]}${match[3] ?? "Z"}`);
  if (Number.isNaN(ms)) return undefined;
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/**
 * Whether `YYYY-MM-DDTHH:MM:SS…` names a real second. The pattern checks only digits, and
 * Date.parse reads `2024-02-30` as March 1: a time like `2024-13-45T99:99:99Z` was taken as
 * written and, compared as text, fell after any window's end instead of being unreadable.
 */
function inRange(text: string): boolean {
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    twoDigits(text, 11) > 23 ||
    twoDigits(text, 14) > 59 ||
    twoDigits(text, 17) > 59
  )
    return false;
  if (day <= 28) return true;
  const year = Number(text.slice(0, 4));
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The number two digits at `at` write (a function of its own, not a closure made per call). */
function twoDigits(text: string, at: number): number {
  return (text.charCodeAt(at) - 48) * 10 + text.charCodeAt(at + 1) - 48;
}
