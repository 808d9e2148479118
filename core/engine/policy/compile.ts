import type { ActionSet } from "../catalog/action-set.js";
import type { Catalog } from "../catalog/catalog.js";
import type { ActionInfo } from "../catalog/types.js";
import { resourceMatchesFormat } from "./arn.js";
import { expandActionList, expandActionPattern } from "./expand.js";
import { globMatch } from "./glob.js";
import type { Policy, Statement } from "./types.js";

/** Which part of the evaluation a policy takes part in. */
export type Layer = "identity" | "boundary" | "scp";

export interface CompiledStatement {
  /** Policy ARN or `principalArn#inline/name`: where a person finds the statement. */
  source: string;
  layer: Layer;
  /** For SCPs, the level in the organization tree (each level must allow). */
  level: number;
  statement: Statement;
  /** Catalog actions the Action / NotAction element names. */
  actions: ActionSet;
  /** The subset of `actions` whose resource types the Resource element can name at all. */
  reach: ActionSet;
  /** The statement applies to every resource (`"Resource": "*"`). */
  allResources: boolean;
  conditional: boolean;
}

/** Keyed by pattern, then format: the strings themselves, so no key is built per lookup. */
const formatMatches = new Map<string, Map<string, boolean>>();

/** `resourceMatchesFormat`, remembered: the same patterns and formats recur across thousands of policies. */
export function patternReachesFormat(pattern: string, format: string): boolean {
  let byFormat = formatMatches.get(pattern);
  if (!byFormat) {
    byFormat = new Map();
    formatMatches.set(pattern, byFormat);
  }
  let hit = byFormat.get(format);
  if (hit === undefined) {
    hit = resourceMatchesFormat(pattern, format);
    byFormat.set(format, hit);
  }
  return hit;
}

/**
 * Whether a Resource list can cover some resource this action acts on. Actions that support no
 * resource-level permissions are granted only by `"*"`
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html).
 */
export function resourcesReach(patterns: readonly string[], action: ActionInfo): boolean {
  return patterns.some((p) => patternReaches(p, action));
}

/** Keyed by pattern, then action: compiling a proposal and proving it ask the same pairs again. */
const actionReaches = new Map<string, Map<ActionInfo, boolean>>();

/** resourcesReach for one pattern, as a proof asks pattern by pattern. */
export function patternReaches(pattern: string, action: ActionInfo): boolean {
  let byAction = actionReaches.get(pattern);
  if (!byAction) {
    byAction = new Map();
    actionReaches.set(pattern, byAction);
  }
  let hit = byAction.get(action);
  if (hit === undefined) {
    hit = reachesAny(pattern, action);
    byAction.set(action, hit);
  }
  return hit;
}

function reachesAny(pattern: string, action: ActionInfo): boolean {
  if (action.wildcardOnly) return globMatch(pattern, "*");
  if (pattern === "*") return true;
  for (const rt of action.resourceTypes) if (patternReachesFormat(pattern, rt.arnFormat)) return true;
  return false;
}

/** What a statement reaches, once per parsed statement: a policy shared by many principals is expanded once. */
const reaches = new WeakMap<
  Catalog,
  WeakMap<Statement, Pick<CompiledStatement, "actions" | "reach" | "allResources">>
>();

export function compileStatement(
  catalog: Catalog,
  statement: Statement,
  source: string,
  layer: Layer,
  level = 0,
): CompiledStatement {
  let known = reaches.get(catalog);
  if (!known) {
    known = new WeakMap();
    reaches.set(catalog, known);
  }
  let sets = known.get(statement);
  if (!sets) {
    sets = expand(catalog, statement);
    known.set(statement, sets);
  }
  return { source, layer, level, statement, ...sets, conditional: statement.conditions.length > 0 };
}

/** The sets are shared between compiled statements: read-only, like the pattern expansions they start from. */
function expand(
  catalog: Catalog,
  statement: Statement,
): Pick<CompiledStatement, "actions" | "reach" | "allResources"> {
  const actions = statement.notAction
    ? expandActionList(catalog, statement.actions, true)
    : statement.actions.length === 1
      ? expandActionPattern(catalog, statement.actions[0]!)
      : expandActionList(catalog, statement.actions);
  const resources = statement.resources ?? ["*"];
  const allResources = !statement.notResource && resources.includes("*");
  let reach = actions;
  if (statement.notResource) {
    if (resources.includes("*")) reach = catalog.emptySet();
  } else if (!allResources) {
    const reached: number[] = [];
    let every = true;
    for (const id of actions.ids()) {
      if (resourcesReach(resources, catalog.actions[id]!)) reached.push(id);
      else every = false;
    }
    // Usually every named action reaches the resources: the set is then shared, not copied.
    if (!every) {
      reach = catalog.emptySet();
      for (const id of reached) reach.add(id);
    }
  }
  return { actions, reach, allResources };
}

export function compilePolicy(catalog: Catalog, policy: Policy, source: string, layer: Layer, level = 0) {
  return policy.statements.map((s) => compileStatement(catalog, s, source, layer, level));
}
