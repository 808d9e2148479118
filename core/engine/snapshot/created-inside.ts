/**
 * Whether a user or role was created after the window's start: the window saw it for less than its
 * length, so an action it did not show may be one it uses less often (a monthly job after ten days).
 */
export function createdInside(principal: { createDate?: string | undefined }, start: string): boolean {
  const created = principal.createDate;
  return created !== undefined && Date.parse(created) > Date.parse(start);
}
