import type { Catalog } from "../catalog/catalog.js";
import type { ActionInfo } from "../catalog/types.js";
import { AUTHORIZATION_TABLES } from "./knowledge/authorizations/index.js";
import { documentedDependents } from "./knowledge/documented-dependents.js";
import { UNNAMED_PASSED_ROLES } from "./knowledge/unnamed-passed-roles.js";

/**
 * The pass-role scan reads the role parameters of every call that passes one and credits
 * iam:PassRole on the role named: the record shows which role, and whether any. Not for calls
 * whose request names no role (what a launch template they name holds): their records decide
 * nothing.
 */
const PASS_ROLE = "iam:passrole";
const ROLE_UNNAMED = new Set(UNNAMED_PASSED_ROLES.map((u) => u.action.toLowerCase()));

let fromTables: ReadonlyMap<string, ReadonlySet<string>> | undefined;

/**
 * Dependent actions the authorization tables add from a call's own record, by the action (lower
 * case) they come with: a rule adds them when the request shows the call needs them (tags given,
 * an image named by a parameter), or an entry adds them to every call it maps.
 */
function addedByTables(): ReadonlyMap<string, ReadonlySet<string>> {
  if (fromTables) return fromTables;
  const added = new Map<string, Set<string>>();
  for (const table of AUTHORIZATION_TABLES)
    for (const entry of table.events) {
      if (entry.class) continue;
      const rules = entry.rules ?? [];
      const needs = [
        ...(entry.actions ?? [{ action: `${table.service}:${entry.event}` }]),
        ...rules.flatMap((r) => [
          ...(r.add ?? []),
          ...Object.values(r.replace ?? {}).map((action) => ({ action })),
        ]),
      ];
      const adds = [
        ...rules.flatMap((r) => (r.add ?? []).map((n) => n.action)),
        ...(entry.actions ?? []).flatMap((n) => (n.inferred ? [n.action] : [])),
      ].map((a) => a.toLowerCase());
      if (adds.length === 0) continue;
      for (const { action } of needs) {
        const key = action.toLowerCase();
        const known = added.get(key) ?? new Set<string>();
        for (const a of adds) known.add(a);
        added.set(key, known);
      }
    }
  fromTables = added;
  return added;
}

/**
 * Whether a call's record decides if `action` needed its documented dependent `dependent`: then
 * the mapped calls carry it when they needed it, on what they named, and a call without it did not
 * need it. Keeping it for every call, as granted today, would undo that (iam:PassRole on every
 * role for a deployer that passes one).
 */
export function decidedByRecords(action: string, dependent: string): boolean {
  const key = dependent.toLowerCase();
  const lower = action.toLowerCase();
  if (key === PASS_ROLE) return !ROLE_UNNAMED.has(lower);
  return addedByTables().get(lower)?.has(key) ?? false;
}

const NONE: readonly ActionInfo[] = [];

/** Per catalog, by action id: filled as actions are asked for. */
const resolved = new WeakMap<Catalog, Map<number, readonly ActionInfo[]>>();

/**
 * The actions IAM also checks inside a call of `action` that the call's record does not show: its
 * dependent actions (the catalog's, else the documented ones) less those the record decides, in
 * order. Names the catalog does not know are left out.
 */
export function inCallDependents(catalog: Catalog, action: ActionInfo): readonly ActionInfo[] {
  let byId = resolved.get(catalog);
  if (!byId) {
    byId = new Map();
    resolved.set(catalog, byId);
  }
  let list = byId.get(action.id);
  if (!list) {
    const kept = dependentNames(action).filter((name) => !decidedByRecords(action.key, name));
    list = kept.length === 0 ? NONE : kept.map((name) => catalog.action(name)).filter((a) => a !== undefined);
    byId.set(action.id, list);
  }
  return list;
}

/** Per catalog, by action id: filled as actions are asked for. */
const unseen = new WeakMap<Catalog, Map<number, readonly ActionInfo[]>>();

/**
 * The actions IAM also checks inside a call of `action` that no record shows: all its dependent
 * actions, those a record would decide included, as there is none to decide them (an EMR
 * Serverless StartJobRun, which no trail read records, passes its job's role: iam:PassRole).
 */
export function unrecordedCallDependents(catalog: Catalog, action: ActionInfo): readonly ActionInfo[] {
  let byId = unseen.get(catalog);
  if (!byId) {
    byId = new Map();
    unseen.set(catalog, byId);
  }
  let list = byId.get(action.id);
  if (!list) {
    const names = dependentNames(action);
    list =
      names.length === 0 ? NONE : names.map((name) => catalog.action(name)).filter((a) => a !== undefined);
    byId.set(action.id, list);
  }
  return list;
}

/** The catalog's dependents of an action, else the documented ones, each once. */
function dependentNames(action: ActionInfo): string[] {
  const listed = [...action.dependentActions, ...action.resourceTypes.flatMap((rt) => rt.dependentActions)];
  return [
    ...new Set(listed.length > 0 ? listed : (documentedDependents().get(action.key.toLowerCase()) ?? [])),
  ];
}

/** Whether any action may have dependents: the catalog's, or a documented one. */
export function namesDependents(action: ActionInfo): boolean {
  return (
    action.dependentActions.length > 0 ||
    action.resourceTypes.some((rt) => rt.dependentActions.length > 0) ||
    documentedDependents().has(action.key.toLowerCase())
  );
}
