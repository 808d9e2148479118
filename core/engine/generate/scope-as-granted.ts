// Scopes an action as today's policies grant or write it, for what no call shows (unobservable,
// inferred and recently granted actions) and for the patterns an observed scope keeps.
import type { ActionInfo } from "../catalog/types.js";
import type { CompiledStatement } from "../policy/compile.js";
import type { PrincipalPermissions } from "../policy/principal-permissions.js";
import { conditionalGrantsCovering, conditionBlock, grantedScope } from "./grants.js";
import type { KeptGrant } from "./statements.js";

/**
 * Keeps an action where the current policies grant it (unobservable and inferred actions): on their
 * patterns, and as their NotResource statements write it, never on `*` for a grant that leaves
 * resources out.
 */
export function scopeAsGranted(current: PrincipalPermissions, action: ActionInfo): KeptGrant[] {
  const { patterns, allBut } = grantedScope(current, action.id);
  const out = patterns.flatMap((p) => grantsOn(current, action, p));
  for (const s of allBut) out.push(...asWritten(action, s));
  return out;
}

/**
 * Keeps an action as the Allow statements of the policies `from` accepts write it (what recent
 * grants allow): their resources, or NotResource, under their own conditions. Another policy's
 * looser grant of the same pattern, held all window and unused, is not brought back with them (an
 * unconditional grant on old/* beside a recent one through a VPC endpoint).
 */
export function scopeAsWritten(
  current: PrincipalPermissions,
  action: ActionInfo,
  from: (source: string) => boolean,
): KeptGrant[] {
  return current.statementsFor(action.id).flatMap((s) => {
    if (s.layer !== "identity" || s.statement.effect !== "Allow" || !from(s.source)) return [];
    return asWritten(action, s);
  });
}

/**
 * The wildcard-only actions the identity Allows name on ARN patterns only, each kept as those
 * statements write it. The evaluation takes such a grant as granting nothing, yet AWS honours some
 * (s3:ListAllMyBuckets on arn:aws:s3:::*, see namedUnreached): where no trail can show the action
 * unused, it is kept, no wider than today, rather than dropped without evidence.
 */
export function wildcardOnlyOnPatterns(
  current: PrincipalPermissions,
  catalog: { actions: readonly ActionInfo[] },
  retained: ReadonlySet<string>,
): Map<number, KeptGrant[]> {
  const out = new Map<number, KeptGrant[]>();
  for (const s of current.statements) {
    if (s.layer !== "identity" || s.statement.effect !== "Allow" || s.statement.notResource) continue;
    // What a user's groups grant stays with them; the new policy need not repeat it.
    if (retained.has(s.source)) continue;
    if (s.reach === s.actions) continue;
    for (const id of s.actions.minus(s.reach).ids()) {
      const action = catalog.actions[id]!;
      if (!action.wildcardOnly) continue;
      const kept = out.get(id) ?? [];
      kept.push(...asWritten(action, s));
      out.set(id, kept);
    }
  }
  return out;
}

/** An action as one Allow statement grants it: its resources, or NotResource, under its conditions. */
export function asWritten(action: ActionInfo, s: CompiledStatement): KeptGrant[] {
  const conditions = conditionBlock(s.statement);
  const given = { action, ...(conditions ? { conditions } : {}) };
  const { resources, notResource } = s.statement;
  if (notResource && resources) return [{ ...given, pattern: "*", notResource: [...resources] }];
  return (resources ?? ["*"]).map((pattern) => ({ ...given, pattern }));
}

/**
 * A pattern with the conditions of the grants that cover it: the unconditional grant when there is
 * one, else every covering conditional grant, each with its own Condition block (current Allows
 * are OR-ed, so keeping only one would break calls that came in through another). When no grant
 * covers the pattern (an exact ARN allowed through a pattern with a policy variable), the allowing
 * statements' own patterns and conditions are used, so nothing looser than today is written.
 */
export function grantsOn(current: PrincipalPermissions, action: ActionInfo, pattern: string): KeptGrant[] {
  const covering = conditionalGrantsCovering(current, action.id, pattern);
  if (!covering) return [{ action, pattern }];
  if (covering.length > 0) {
    return covering.map((g) => {
      const conditions = conditionBlock(g.statement);
      return { action, pattern, ...(conditions ? { conditions } : {}) };
    });
  }
  const matched = current
    .evaluate({ action: action.key, resource: pattern })
    .matched.filter((m) => m.effect === "Allow" && m.layer === "identity");
  const statements = current.statements.filter((s) =>
    matched.some((m) => m.source === s.source && m.statementIndex === s.statement.index),
  );
  if (statements.length === 0) return [{ action, pattern }];
  return statements.flatMap((s) => asWritten(action, s));
}
