/**
 * How long after the window's start a principal's evidence may begin and still count as covering
 * the window: one day. The window starts at an instant, a workload's first call of a day comes at
 * any hour of it, and a day missed of a window of weeks hides nothing a daily or monthly run does;
 * a principal first seen on the window's third day may have been created on its second.
 */
export const EVIDENCE_SLACK_MS = 86_400_000;

/** A user or role whose evidence begins materially after the window's start, and why. */
export interface LateEvidence {
  /** The earlier of its creation and its first record in the window. */
  start: string;
  createDate: string;
  /** Its first record in the window; absent when the trail never shows it. */
  firstSeen?: string;
}

/**
 * When a user or role's evidence begins too late to judge it on the window: at the earlier of its
 * creation and its first record in the trail. The creation date alone is not the start: a role
 * deleted and re-created under its name, or an account whose principals were created after its
 * trail was written, is shown at work before it, and those records are the same workload's. A
 * principal without a creation date is judged on the window, as before.
 */
export function lateEvidence(
  principal: { createDate?: string | undefined },
  firstSeen: string | undefined,
  windowStart: string,
): LateEvidence | undefined {
  const createDate = principal.createDate;
  if (createDate === undefined) return undefined;
  const created = Date.parse(createDate);
  const seen = firstSeen === undefined ? Number.NaN : Date.parse(firstSeen);
  const start = Number.isNaN(seen) || created <= seen ? created : seen;
  if (Number.isNaN(start) || start - Date.parse(windowStart) <= EVIDENCE_SLACK_MS) return undefined;
  return {
    start: start === created ? createDate : firstSeen!,
    createDate,
    ...(firstSeen !== undefined ? { firstSeen } : {}),
  };
}

/** The evidence's start in one line: `2026-05-22T00:00:00Z (created ..., first in the trail ...)`. */
export function lateEvidenceText(late: LateEvidence): string {
  const seen = late.firstSeen === undefined ? "not in the trail" : `first in the trail ${late.firstSeen}`;
  return `${late.start} (created ${late.createDate}, ${seen})`;
}

/** Why nothing is minimized from a principal's use: the same words for recommendations and plans. */
export const LATE_EVIDENCE_REASON =
  "the window saw it for less than its length, so no action it did not show can be called unused";
