import type { Catalog } from "../catalog/catalog.js";
import type { ActionInfo } from "../catalog/types.js";
import { ActivityKnowledgeError } from "./errors.js";
import {
  AUTHORIZATION_TABLES,
  type EventEntry,
  type Need,
  NON_API_EVENT_TYPES,
  type RecordedValue,
  type ResourceRole,
  VERSIONED_EVENT_NAMES,
} from "./knowledge/authorizations/index.js";
import { servicePrefix } from "./knowledge/service-prefixes.js";
import { stackUndoRule } from "./stack-undo.js";
import { taggingOnCreate } from "./tags-at-creation.js";

export interface MappedCatalogAction {
  action: ActionInfo;
  resource: ResourceRole;
  /** Possibly needed: the record cannot say (Need.inferred). */
  inferred?: true;
}

/** A parameter rule of the authorization tables, resolved against the catalog. */
export interface ResolvedRule {
  /**
   * The parameter the rule reads; absent (and no `invokedBy` nor `recorded`): tags in the
   * request, in any shape (ParameterRule.anyTags).
   */
  parameter?: string;
  /** The service whose calls with the principal's credentials call for the rule (ParameterRule.invokedBy). */
  invokedBy?: string;
  /** The value beside the request the rule reads (ParameterRule.recorded). */
  recorded?: RecordedValue;
  matches?: RegExp;
  /** Fires only when every value of the parameter is set and matches (ParameterRule.every). */
  every?: true;
  replace: ReadonlyMap<number, ActionInfo>;
  add: readonly MappedCatalogAction[];
  retarget?: ResourceRole;
  drop?: ReadonlySet<number>;
}

/** What one CloudTrail event means for permissions, before its request parameters are read. */
export type EventMapping =
  | {
      kind: "actions";
      service: string;
      actions: readonly MappedCatalogAction[];
      rules: readonly ResolvedRule[];
      /** The tagging actions a request carrying tags needs too, by the general rule (tags-at-creation.ts). */
      tagging: readonly ActionInfo[];
    }
  | { kind: "no-permission"; reason: string }
  | { kind: "non-api"; reason: string }
  | { kind: "unmapped"; reason: "unknown-service" | "unknown-action" };

type ActionsMapping = Extract<EventMapping, { kind: "actions" }>;

export type EventMapper = (eventSource: string, eventName: string, eventType?: string) => EventMapping;

/**
 * Builds the eventSource/eventName → IAM action mapping over a catalog and the authorization
 * tables. Results are memoized per (source, name, type): a busy account repeats a few thousand
 * distinct events millions of times. An action is only ever returned when the catalog has it;
 * anything else is "unmapped", so Whittle never invents an action from an event name.
 */
export function createEventMapper(catalog: Catalog): EventMapper {
  const entries = indexEntries(catalog);
  // Nested maps rather than one map on a joined key: no string is built per event.
  const memo = new Map<string, Map<string, Map<string | undefined, EventMapping>>>();
  const hasService = (prefix: string) => catalog.service(prefix) !== undefined;
  return (eventSource, eventName, eventType) => {
    let bySource = memo.get(eventSource);
    if (!bySource) {
      bySource = new Map();
      memo.set(eventSource, bySource);
    }
    let byName = bySource.get(eventName);
    if (!byName) {
      byName = new Map();
      bySource.set(eventName, byName);
    }
    let mapping = byName.get(eventType);
    if (mapping === undefined) {
      mapping = map(eventSource, eventName, eventType);
      byName.set(eventType, mapping);
    }
    return mapping;
  };

  function map(eventSource: string, eventName: string, eventType: string | undefined): EventMapping {
    if (eventType !== undefined && Object.hasOwn(NON_API_EVENT_TYPES, eventType)) {
      return { kind: "non-api", reason: NON_API_EVENT_TYPES[eventType]! };
    }
    const service = servicePrefix(eventSource, hasService);
    if (service === undefined) return { kind: "unmapped", reason: "unknown-service" };
    const name = unversioned(service, eventName);
    const entry = entries.get(`${service}:${name}`.toLowerCase());
    if (entry && entry.kind !== "actions") return entry;
    const known = entry ?? fallback(service, name);
    if (!known) return { kind: "unmapped", reason: "unknown-action" };
    const added = known.rules.flatMap((r) => r.add.map((n) => n.action));
    const tagging = taggingOnCreate(catalog, service, name, known.actions[0]!.action, added);
    // What undoes the call when CloudFormation made it for a stack: not tags the call carries.
    const undo = stackUndoRule(catalog, known.actions);
    return { ...known, ...(undo ? { rules: [...known.rules, undo] } : {}), tagging };
  }

  function fallback(service: string, name: string): Omit<ActionsMapping, "tagging"> | undefined {
    const action = catalog.action(`${service}:${name}`);
    return action && { kind: "actions", service, actions: [{ action, resource: "target" }], rules: [] };
  }
}

function unversioned(service: string, eventName: string): string {
  const rule = VERSIONED_EVENT_NAMES.find((r) => r.service === service);
  return rule ? eventName.replace(rule.suffix, "") : eventName;
}

type TableClass = Extract<EventMapping, { kind: "no-permission" | "non-api" }>;

/** Resolves the tables against the catalog once; an entry naming no action fails loudly. */
function indexEntries(catalog: Catalog): Map<string, Omit<ActionsMapping, "tagging"> | TableClass> {
  const index = new Map<string, Omit<ActionsMapping, "tagging"> | TableClass>();
  for (const table of AUTHORIZATION_TABLES)
    for (const entry of table.events)
      index.set(`${table.service}:${entry.event}`.toLowerCase(), resolve(table.service, entry));
  return index;

  function resolve(service: string, entry: EventEntry): Omit<ActionsMapping, "tagging"> | TableClass {
    if (entry.class) return { kind: entry.class, reason: entry.why };
    const known = (action: string) => {
      const info = catalog.action(action);
      if (!info)
        throw new ActivityKnowledgeError(
          `authorization table ${service}:${entry.event} names unknown action ${action}`,
        );
      return info;
    };
    const need = (n: Need): MappedCatalogAction => ({
      action: known(n.action),
      resource: n.resource ?? "target",
      ...(n.inferred ? { inferred: true as const } : {}),
    });
    const actions = (entry.actions ?? [{ action: `${service}:${entry.event}` }]).map(need);
    const rules = (entry.rules ?? []).map((r) => ({
      ...(r.parameter !== undefined ? { parameter: r.parameter } : {}),
      ...(r.invokedBy !== undefined ? { invokedBy: r.invokedBy } : {}),
      ...(r.recorded !== undefined ? { recorded: r.recorded } : {}),
      ...(r.matches ? { matches: r.matches } : {}),
      ...(r.every ? { every: true as const } : {}),
      replace: new Map(Object.entries(r.replace ?? {}).map(([from, into]) => [known(from).id, known(into)])),
      add: (r.add ?? []).map(need),
      ...(r.retarget ? { retarget: r.retarget } : {}),
      ...(r.drop ? { drop: new Set(r.drop.map((a) => known(a).id)) } : {}),
    }));
    return { kind: "actions", service, actions, rules };
  }
}
