import type { PrincipalAccess } from "../../../account/permissions.js";
import type { ActionInfo } from "../../../catalog/types.js";
import { hasPolicyVariable } from "../../../policy/arn.js";
import { policyGlobMatcher } from "../../../policy/glob.js";

type Named = { arn: string };

/** Per list of roles or principals, per Resource pattern: the positions of the members it names. */
const matches = new WeakMap<readonly Named[], { size: number; byPattern: Map<string, number[]> }>();

/**
 * The members of `list` (in order) that some Allow statement granting the action could name in
 * its Resource element: a cheap first look before the evaluator. Patterns with policy variables,
 * NotResource and `*` might name anything, so they keep the whole list; the evaluator decides.
 * Each pattern is matched against a list once, however many principals' policies hold it.
 */
export function nameable<T extends Named>(
  subject: PrincipalAccess,
  action: ActionInfo,
  list: readonly T[],
): readonly T[] {
  const patterns = new Set<string>();
  for (const s of subject.permissions.statementsFor(action.id)) {
    if (s.statement.effect !== "Allow") continue;
    if (!s.statement.resources || s.statement.notResource) return list;
    for (const pattern of s.statement.resources) patterns.add(pattern);
  }
  if (patterns.has("*") || [...patterns].some(hasPolicyVariable)) return list;
  let cache = matches.get(list);
  if (!cache || cache.size !== list.length) {
    cache = { size: list.length, byPattern: new Map() };
    matches.set(list, cache);
  }
  const positions = new Set<number>();
  for (const pattern of patterns) {
    let hits = cache.byPattern.get(pattern);
    if (!hits) {
      const matcher = policyGlobMatcher(pattern);
      hits = [];
      for (let i = 0; i < list.length; i++) if (matcher.test(list[i]!.arn)) hits.push(i);
      cache.byPattern.set(pattern, hits);
    }
    for (const i of hits) positions.add(i);
  }
  return [...positions].sort((a, b) => a - b).map((i) => list[i]!);
}
