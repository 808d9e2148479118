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
    return value;
  }
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(
    value.trim(),
  );
  if (!match) return undefined;
  const ms = Date.parse(`${match[1]}T${match[2]}${match[3] ?? "Z"}`);
  if (Number.isNaN(ms)) return undefined;
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
