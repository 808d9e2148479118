import type { ActionSet } from "../catalog/action-set.js";
import type { Catalog } from "../catalog/catalog.js";
import type { ActionInfo } from "../catalog/types.js";
import { resourceMatchesFormat } from "./arn.js";
import { BoundedCache } from "./bounded-cache.js";
import { expandActionList, expandActionPattern } from "./expand.js";
import { globMatch, hasWildcard, PATTERN_CACHE_LIMIT } from "./glob.js";
import type { Policy, Statement } from "./types.js";
import { denyMayReachWildcardOnly } from "./wildcard-only-deny.js";

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
const formatMatches = new BoundedCache<Map<string, boolean>>(PATTERN_CACHE_LIMIT);

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

/** resourcesReach for one pattern, as a proof asks pattern by pattern. */
export function patternReaches(pattern: string, action: ActionInfo): boolean {
  if (action.wildcardOnly) return globMatch(pattern, "*");
  if (pattern === "*") return true;
  for (const rt of action.resourceTypes) if (patternReachesFormat(pattern, rt.arnFormat)) return true;
  return false;
}

/**
 * `resourcesReach(patterns, action)` for a list without `*`, asking each resource format once:
 * the actions of one statement share a few formats, and a generated statement lists hundreds.
 */
export function formatReach(patterns: readonly string[]): (action: ActionInfo) => boolean {
  const byFormat = new Map<string, boolean>();
  let wildcardOnly: boolean | undefined;
  return (action) => {
    if (action.wildcardOnly) {
      wildcardOnly ??= patterns.some((p) => globMatch(p, "*"));
      return wildcardOnly;
    }
    for (const rt of action.resourceTypes) {
      let hit = byFormat.get(rt.arnFormat);
      if (hit === undefined) {
        hit = patterns.some((p) => patternReachesFormat(p, rt.arnFormat));
        byFormat.set(rt.arnFormat, hit);
      }
      if (hit) return true;
    }
    return false;
  };
}

type Reach = Pick<CompiledStatement, "actions" | "reach" | "allResources">;

/**
 * What each statement reaches, once per parsed policy: a policy shared by many principals is
 * expanded once. Kept per policy rather than per statement, as a weak key costs the collector too.
 */
const reaches = new WeakMap<Catalog, WeakMap<Policy, Reach[]>>();

/** The sets are shared between compiled statements: read-only, like the pattern expansions they start from. */
function expand(catalog: Catalog, statement: Statement): Reach {
  const only = lone(catalog, statement);
  const resources = statement.resources ?? ["*"];
  const allResources = !statement.notResource && resources.includes("*");
  // Most generated statements name one action: its reach is asked directly, without the
  // per-format memo a list of actions shares.
  if (only !== undefined && !statement.notResource && !allResources) {
    const actions = singletonSet(catalog, only.id);
    const reached = resourcesReach(resources, only) || denyReaches(catalog, statement, resources, only);
    return { actions, reach: reached ? actions : emptySetOf(catalog), allResources };
  }
  // A lone wildcard's expansion is shared; names are looked up into a set of the statement's own,
  // as a cached set per name would keep one for every action of every generated policy.
  const actions = statement.notAction
    ? expandActionList(catalog, statement.actions, true)
    : statement.actions.length === 1 && hasWildcard(statement.actions[0]!)
      ? expandActionPattern(catalog, statement.actions[0]!)
      : expandActionList(catalog, statement.actions);
  let reach = actions;
  if (statement.notResource) {
    if (resources.includes("*")) reach = catalog.emptySet();
  } else if (!allResources) {
    const reached: number[] = [];
    let every = true;
    const reaches = formatReach(resources);
    for (const id of actions.ids()) {
      const action = catalog.actions[id]!;
      if (reaches(action) || denyReaches(catalog, statement, resources, action)) reached.push(id);
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

/** A Deny may reach an action without resource-level permissions through ARN patterns too (wildcard-only-deny.ts). */
function denyReaches(
  catalog: Catalog,
  statement: Statement,
  resources: readonly string[],
  action: ActionInfo,
): boolean {
  return (
    statement.effect === "Deny" &&
    action.wildcardOnly &&
    resources.some((p) => denyMayReachWildcardOnly(catalog, action, p))
  );
}

/**
 * Each action's set of itself, and the empty set, shared by every compiled statement of one name:
 * a generated policy is effectively one statement per action, and every principal's would
 * otherwise hold sets of its own, which its proofs keep for as long as its documents live.
 */
const singletons = new WeakMap<Catalog, { empty: ActionSet; of: (ActionSet | undefined)[] }>();

function sharedSets(catalog: Catalog) {
  let shared = singletons.get(catalog);
  if (!shared) {
    shared = { empty: catalog.emptySet(), of: new Array(catalog.size) };
    singletons.set(catalog, shared);
  }
  return shared;
}

function singletonSet(catalog: Catalog, id: number): ActionSet {
  const shared = sharedSets(catalog);
  let set = shared.of[id];
  if (!set) {
    set = catalog.emptySet();
    set.add(id);
    shared.of[id] = set;
  }
  return set;
}

const emptySetOf = (catalog: Catalog) => sharedSets(catalog).empty;

/** The catalog action an Action element of one name without wildcards names, if IAM has it. */
function lone(catalog: Catalog, statement: Statement): ActionInfo | undefined {
  if (statement.notAction || statement.actions.length !== 1) return undefined;
  const name = statement.actions[0]!;
  return hasWildcard(name) ? undefined : catalog.action(name);
}

export function compilePolicy(
  catalog: Catalog,
  policy: Policy,
  source: string,
  layer: Layer,
  level = 0,
): CompiledStatement[] {
  let known = reaches.get(catalog);
  if (!known) {
    known = new WeakMap();
    reaches.set(catalog, known);
  }
  let sets = known.get(policy);
  if (!sets) {
    sets = policy.statements.map((s) => expand(catalog, s));
    known.set(policy, sets);
  }
  return policy.statements.map((statement, i) => {
    const { actions, reach, allResources } = sets[i]!;
    return {
      source,
      layer,
      level,
      statement,
      actions,
      reach,
      allResources,
      conditional: statement.conditions.length > 0,
    };
  });
}
