/**
 * AWS dates in the forms its tools print: ISO 8601 (`2019-05-07T15:35:54Z`, `...+00:00`, with up to
 * microseconds from the CLI) and the CLI's Python form `2023-03-09 10:41:34+00:00`; SDK v3 gives
 * Date objects. A stricter match than `Date.parse`, which accepts almost anything.
 */
const AWS_DATE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** The date as a UTC ISO string, or undefined when the value is not a date. */
export function toIsoDate(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (!AWS_DATE.test(text)) return undefined;
  if (!calendarDay(text)) return undefined;
  const withZone = /(Z|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text}Z`;
  const date = new Date(withZone.replace(" ", "T"));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * Whether the text's date and time of day are real: Date reads `2026-02-30` as March 2 and
 * `T24:00` as the next day, so a mistyped date became another one.
 */
function calendarDay(text: string): boolean {
  const [year, month, day, hour, minute, second] = [0, 5, 8, 11, 14, 17].map((at) =>
    Number(text.slice(at, at === 0 ? 4 : at + 2)),
  ) as [number, number, number, number, number, number];
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= days && hour <= 23 && minute <= 59 && !(second > 59);
}
