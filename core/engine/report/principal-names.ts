import type { Report } from "./schema.js";

/**
 * Principal names by ARN (the first principal of an ARN, as a scan would find it), built once per
 * section: looking each one up in the list would cost principals × recommendations.
 */
export function principalNames(report: Report): Map<string, string> {
  const names = new Map<string, string>();
  for (const p of report.principals) if (!names.has(p.arn)) names.set(p.arn, p.name);
  return names;
}
