import type { Catalog } from "../catalog/catalog.js";
import type { ActionInfo } from "../catalog/types.js";
import { ActivityKnowledgeError } from "./errors.js";
import {
  EVENT_EXCEPTIONS,
  type EventException,
  NON_API_EVENT_TYPES,
  type ResourceRole,
  VERSIONED_EVENT_NAMES,
} from "./knowledge/event-exceptions.js";
import { servicePrefix } from "./knowledge/service-prefixes.js";

export interface MappedCatalogAction {
  action: ActionInfo;
  resource: ResourceRole;
}

/** What one CloudTrail event means for permissions. */
export type EventMapping =
  | { kind: "actions"; actions: readonly MappedCatalogAction[] }
  | { kind: "no-permission"; reason: string }
  | { kind: "non-api"; reason: string }
  | { kind: "unmapped"; reason: "unknown-service" | "unknown-action" };

export type EventMapper = (eventSource: string, eventName: string, eventType?: string) => EventMapping;

/**
 * Builds the eventSource/eventName → IAM action mapping over a catalog. Results are memoized per
 * (source, name, type): a busy account repeats a few thousand distinct events millions of times.
 * An action is only ever returned when the catalog has it; anything else is "unmapped", so
 * Whittle never invents an action from an event name.
 */
export function createEventMapper(catalog: Catalog): EventMapper {
  const exceptions = indexExceptions(catalog);
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
    const exception = exceptions.get(`${service}:${name}`.toLowerCase());
    if (exception) return exception;
    const action = catalog.action(`${service}:${name}`);
    if (!action) return { kind: "unmapped", reason: "unknown-action" };
    return { kind: "actions", actions: [{ action, resource: "target" }] };
  }
}

function unversioned(service: string, eventName: string): string {
  const rule = VERSIONED_EVENT_NAMES.find((r) => r.service === service);
  return rule ? eventName.replace(rule.suffix, "") : eventName;
}

/** Resolves the exceptions table against the catalog once; an entry naming no action fails loudly. */
function indexExceptions(catalog: Catalog): Map<string, EventMapping> {
  const index = new Map<string, EventMapping>();
  for (const entry of EVENT_EXCEPTIONS)
    index.set(`${entry.service}:${entry.event}`.toLowerCase(), resolve(entry));
  return index;

  function resolve(entry: EventException): EventMapping {
    if ("class" in entry) return { kind: entry.class, reason: entry.why };
    const actions = entry.actions.map(({ action, resource }) => {
      const info = catalog.action(action);
      if (!info)
        throw new ActivityKnowledgeError(
          `event exception ${entry.service}:${entry.event} names unknown action ${action}`,
        );
      return { action: info, resource: resource ?? "target" };
    });
    return { kind: "actions", actions };
  }
}
