import type { ConditionClause } from "../../../policy/types.js";
import { organizationIn } from "./stranger.js";

/**
 * Organization ids are assigned by AWS at random, and anyone may create an organization (and delete
 * it and create another) until its id matches a pattern: `o-w*` in aws:PrincipalOrgID, or in the
 * organization part of aws:PrincipalOrgPaths, admits about one organization in 36, strangers'
 * among them. Only a full id pins one.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_Organization.html
 */
export interface OrganizationFamily {
  /** The pattern as the policy writes it (the organization part of a path). */
  pattern: string;
  /** An id it matches that, as far as they allow, no other value the clauses name does. */
  member: string;
}

const KEYS = new Set(["aws:principalorgid", "aws:principalorgpaths"]);

export function organizationFamilies(clauses: readonly ConditionClause[]): OrganizationFamily[] {
  const named = new Set<string>();
  for (const clause of clauses) {
    if (!KEYS.has(clause.key.toLowerCase())) continue;
    for (const value of clause.values) if (!value.includes("${")) named.add(value.split("/")[0]!);
  }
  return [...named].flatMap((pattern) => {
    if (!/[*?]/.test(pattern)) return [];
    const member = organizationIn(
      pattern,
      [...named].filter((other) => other !== pattern),
    );
    return member ? [{ pattern, member }] : [];
  });
}
