import type { ConditionClause, Statement } from "../policy/types.js";

/** The proposed statement imposes at least the grant's conditions (syntactically, clause by clause). */
export function impliesConditions(proposed: Statement, grant: Statement): boolean {
  if (grant.conditions.length === 0) return true;
  const have = new Set(proposed.conditions.map(clauseKey));
  return grant.conditions.every((c) => have.has(clauseKey(c)));
}

/** A clause as text, its values in order: equal for clauses IAM reads alike. */
export function clauseKey(c: ConditionClause): string {
  return `${c.operator}\u0000${c.key.toLowerCase()}\u0000${[...c.values].sort().join("\u0001")}`;
}

/** Same resources (or NotResource) and conditions: a carried Deny guards what the original did. */
export function sameScope(a: Statement, b: Statement): boolean {
  const list = (s: Statement) =>
    JSON.stringify([s.notResource, [...(s.resources ?? ["*"])].sort(), s.conditions.map(clauseKey).sort()]);
  return list(a) === list(b);
}
