import { policyPatternTokens } from "../policy/arn.js";
import type { CompiledStatement } from "../policy/compile.js";
import { patternCovers } from "../policy/covers.js";
import { tokensIntersect } from "../policy/glob.js";
import type { PrincipalPermissions } from "../policy/principal-permissions.js";
import type { Statement } from "../policy/types.js";

export type ConditionBlock = Record<string, Record<string, string[]>>;

/** Whether a statement's Resource element applies to every resource a pattern can name. */
export function statementCoversPattern(statement: Statement, pattern: string): boolean {
  const resources = statement.resources;
  if (!resources) return true;
  if (!statement.notResource) return resources.some((r) => patternCovers(r, pattern));
  const inner = policyPatternTokens(pattern);
  return !resources.some((r) => tokensIntersect(policyPatternTokens(r), inner));
}

/** Whether a statement's Resource element could apply to some resource a pattern names. */
export function statementTouchesPattern(statement: Statement, pattern: string): boolean {
  const resources = statement.resources;
  if (!resources) return true;
  if (statement.notResource) return !resources.some((r) => patternCovers(r, pattern));
  const inner = policyPatternTokens(pattern);
  return resources.some((r) => tokensIntersect(policyPatternTokens(r), inner));
}

/** Identity-policy Allow statements that grant an action on every resource of a pattern. */
export function grantsCovering(
  current: PrincipalPermissions,
  actionId: number,
  pattern: string,
): CompiledStatement[] {
  // statementsFor(actionId), filtered further in the same pass: one array per question, not two.
  return current.statementsNaming(actionId).filter((s) => covers(s, actionId, pattern));
}

function covers(s: CompiledStatement, actionId: number, pattern: string): boolean {
  return (
    s.reach.has(actionId) &&
    s.layer === "identity" &&
    s.statement.effect === "Allow" &&
    statementCoversPattern(s.statement, pattern)
  );
}

/**
 * The grant to carry into a generated statement: an unconditional one when there is one, else a
 * conditional one whose Condition block then travels with the new statement so it is never looser.
 */
export function bestGrant(
  current: PrincipalPermissions,
  actionId: number,
  pattern: string,
): CompiledStatement | undefined {
  // Asked for every observed resource: found in one pass, without listing the covering grants.
  let first: CompiledStatement | undefined;
  for (const s of current.statementsNaming(actionId)) {
    if (!covers(s, actionId, pattern)) continue;
    if (!s.conditional) return s;
    first ??= s;
  }
  return first;
}

/**
 * The covering grants' conditions matter only when none is unconditional: undefined when one is
 * (the pattern needs no condition), else the covering grants, all conditional (maybe none).
 */
export function conditionalGrantsCovering(
  current: PrincipalPermissions,
  actionId: number,
  pattern: string,
): CompiledStatement[] | undefined {
  let out: CompiledStatement[] | undefined;
  for (const s of current.statementsNaming(actionId)) {
    if (!covers(s, actionId, pattern)) continue;
    if (!s.conditional) return undefined;
    if (out) out.push(s);
    else out = [s];
  }
  return out ?? [];
}

/**
 * Where the current identity policies grant an action: the Resource patterns of their Allow
 * statements, and apart, the Allow statements written with NotResource (every resource but
 * theirs), which no list of patterns can say.
 */
export function grantedScope(
  current: PrincipalPermissions,
  actionId: number,
): { patterns: string[]; allBut: CompiledStatement[] } {
  const patterns = new Set<string>();
  const allBut: CompiledStatement[] = [];
  for (const s of current.statementsFor(actionId)) {
    if (s.layer !== "identity" || s.statement.effect !== "Allow") continue;
    if (s.statement.notResource && s.statement.resources) allBut.push(s);
    else for (const r of s.statement.resources ?? ["*"]) patterns.add(r);
  }
  return { patterns: [...patterns].sort(), allBut };
}

/**
 * The Resource patterns the current identity policies grant an action on, all `*` if any grant is
 * written with NotResource: what the action may reach at most, as patterns.
 */
export function grantedPatterns(current: PrincipalPermissions, actionId: number): string[] {
  const { patterns, allBut } = grantedScope(current, actionId);
  return allBut.length > 0 ? ["*"] : patterns;
}

/** A statement's conditions as an IAM Condition element (operator → key → values). */
export function conditionBlock(statement: Statement): ConditionBlock | undefined {
  if (statement.conditions.length === 0) return undefined;
  const block: ConditionBlock = {};
  for (const c of statement.conditions) {
    block[c.operator] ??= {};
    block[c.operator]![c.key] = [...c.values];
  }
  return block;
}
