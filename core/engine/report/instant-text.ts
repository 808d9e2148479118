/**
 * An instant as the contract writes `generatedAt`: `2026-11-22T00:00:00Z`, so that it equals the
 * `--now` a reproducible run was given; milliseconds only when the instant has some.
 */
export function instantText(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith(".000Z") ? `${iso.slice(0, 19)}Z` : iso;
}
