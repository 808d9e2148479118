import type { PrincipalAccess } from "../../../account/permissions.js";
import type { ActionInfo } from "../../../catalog/types.js";
import { GAVE_UP, globsWitness, globsWitnessSearched } from "../../../policy/glob-witness.js";
import type { PermissiveContext } from "../context.js";

/** Candidates are evaluated one by one: a few stand for every name the caller could pick. */
const MAX_NAMES = 20;
/** Patterns of one statement tried as alternatives, and Allow patterns tried each on its own. */
const MAX_ALTERNATIVES = 8;

/**
 * Resources the caller could name when creating one: a concrete stand-in for each Resource pattern
 * of the statements that grant the action (a wildcard becomes a name the caller picks), and for
 * `*` the action's own ARN format in this account. Where a Deny's NotResource spares some names,
 * or several layers (identity, boundary, SCP levels) each allow only some, also names that meet
 * them all at once, since the caller picks such a name. Evaluating these through the evaluator
 * keeps Deny statements, boundaries and conditions in play.
 */
export function newResources(ctx: PermissiveContext, subject: PrincipalAccess, action: ActionInfo): string[] {
  return newResourceNames(ctx, subject, action).map((n) => n.resource);
}

/** A name newResources gives, `unsure` where it stands for one the search gave up on finding. */
export interface NewResourceName {
  resource: string;
  /**
   * Whether a name meeting every group exists is unknown: the caller may still create one, so a
   * decision "no" on this stand-in is "maybe".
   */
  unsure: boolean;
}

/** newResources, each name telling whether it stands for one the search could not find. */
export function newResourceNames(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  action: ActionInfo,
): NewResourceName[] {
  if (action.wildcardOnly) return [{ resource: "*", unsure: false }];
  const format =
    action.resourceTypes.find((rt) => rt.required)?.arnFormat ?? action.resourceTypes[0]!.arnFormat;
  const out = new Map<string, boolean>();
  for (const { name, unsure } of escapingNames(subject, action, formatGlob(format, ctx.snapshot.accountId)))
    out.set(name, out.get(name) === true || unsure);
  // A stand-in is often also a name found on its own: it stays a stand-in, "no" on it not final.
  const add = (name: string) => out.has(name) || out.set(name, false);
  add(fillFormat(format, ctx.snapshot.accountId));
  for (const s of subject.permissions.statementsFor(action.id)) {
    if (s.statement.effect !== "Allow" || s.statement.notResource) continue;
    for (const pattern of s.statement.resources ?? []) {
      if (pattern !== "*") add(pattern.replace(/[*?]/g, "x"));
    }
  }
  // Names past the bound go untried: any of them may be allowed where those tried are not.
  const cut = out.size > MAX_NAMES;
  return [...out].slice(0, MAX_NAMES).map(([resource, unsure]) => ({ resource, unsure: unsure || cut }));
}

/**
 * Names of the action's resource type (`format`) that escape each Deny's NotResource and fall in
 * some Allow pattern of every layer that limits the resources: the one way past a guardrail like
 * `Deny iam:* NotResource user/svc-*`. A name is the shortest string all the chosen patterns match;
 * each group of alternatives (a statement's NotResource list, a layer's Allow patterns) adds the
 * first of its patterns that still leaves a name, so the work grows with the patterns, not their
 * combinations. Nothing when no Deny spares names and at most one layer limits them: the Allow
 * patterns' own stand-ins then cover it.
 */
function escapingNames(subject: PrincipalAccess, action: ActionInfo, format: string): Met[] {
  const spared: string[][] = [];
  const layers = new Map<string, string[] | null>();
  for (const s of subject.permissions.statementsFor(action.id)) {
    const patterns = s.statement.resources;
    if (s.statement.effect === "Deny") {
      if (s.statement.notResource && patterns?.every(plain)) spared.push(patterns);
      continue;
    }
    const layer = s.layer === "scp" ? `scp${s.level}` : s.layer;
    // A layer with a statement on any resource (or one the patterns cannot say) limits nothing.
    if (!patterns || s.statement.notResource || patterns.includes("*") || !patterns.every(plain))
      layers.set(layer, null);
    else if (layers.get(layer) !== null) layers.set(layer, [...(layers.get(layer) ?? []), ...patterns]);
  }
  const allowed = [...layers.values()].filter((p): p is string[] => p !== null);
  if (spared.length === 0 && allowed.length < 2) return [];
  const names = [meetAll([format], [...spared, ...allowed])];
  for (const pattern of new Set(allowed.flat().slice(0, MAX_ALTERNATIVES)))
    names.push(meetAll([format, pattern], spared));
  return names.filter((n): n is Met => n !== undefined);
}

/** A name meetAll found, `unsure` where the search gave up before finding one meeting every group. */
interface Met {
  name: string;
  unsure: boolean;
}

/** Witness searches one meetAll may make while backtracking over the groups' alternatives. */
const MAX_TRIES = 64;

/**
 * The shortest name matching `base` and one pattern of each group: a choice that meets every group
 * where a bounded search finds one (the first pattern that fits a group may rule out the only
 * one left to a later group), else groups that cannot be met skipped. Where a witness search gave
 * up on the way (glob-witness.ts), or the search itself stopped short of some choices, a name
 * meeting every group may still exist: the name found then stands for it, `unsure`.
 */
function meetAll(base: string[], groups: readonly string[][]): Met | undefined {
  let gaveUp = false;
  const witness = (patterns: string[]) => {
    const found = globsWitnessSearched(patterns);
    if (found !== GAVE_UP) return found;
    gaveUp = true;
    return undefined;
  };
  if (witness(base) === undefined)
    return gaveUp ? { name: base.at(-1)!.replace(/[*?]/g, "x"), unsure: true } : undefined;
  let tries = MAX_TRIES;
  const every = (chosen: string[], at: number): string[] | undefined => {
    if (at === groups.length) return chosen;
    for (const pattern of groups[at]!.slice(0, MAX_ALTERNATIVES)) {
      if (tries-- <= 0) return undefined;
      const next = [...chosen, pattern];
      const met = witness(next) !== undefined ? every(next, at + 1) : undefined;
      if (met) return met;
    }
    return undefined;
  };
  const met = every(base, 0);
  if (met) {
    const name = globsWitness(met);
    return name === undefined ? undefined : { name, unsure: false };
  }
  // A search cut short (out of tries, or patterns of a group never tried) has not shown that no
  // name meets every group: the name found below stands for one it may have missed.
  if (tries <= 0 || groups.some((group) => group.length > MAX_ALTERNATIVES)) gaveUp = true;
  const chosen = [...base];
  for (const group of groups) {
    for (const pattern of group.slice(0, MAX_ALTERNATIVES)) {
      if (globsWitness([...chosen, pattern]) === undefined) continue;
      chosen.push(pattern);
      break;
    }
  }
  const name = globsWitness(chosen);
  return name === undefined ? undefined : { name, unsure: gaveUp };
}

/** Policy variables and `${*}` escapes are not plain wildcards: such patterns are left out. */
const plain = (pattern: string) => !pattern.includes("${");

/** The action's ARN format in this account as a pattern: each name part is some non-empty name. */
function formatGlob(format: string, accountId: string): string {
  return fillFormat(format, accountId, "?*");
}

function fillFormat(format: string, accountId: string, name = "whittle-new"): string {
  return format
    .replace("${Partition}", "aws")
    .replace("${Region}", "us-east-1")
    .replace("${Account}", accountId)
    .replace(/\$\{[^}]+\}/g, name);
}
