import type { Catalog } from "../catalog/catalog.js";
import type { ActionInfo } from "../catalog/types.js";
import { ActivityKnowledgeError } from "./errors.js";
import { CLOUDTRAIL_SUPPORTED_ACTIONS } from "./knowledge/cloudtrail-supported-actions.js";
import { DATA_EVENT_ACTIONS, type DataEventCategory, NEVER_LOGGED_ACTIONS } from "./knowledge/data-events.js";
import { createEventMapper } from "./mapping.js";

/**
 * Whether CloudTrail can show that an action was used. "unused" is only claimable for observable
 * actions; the others are reported as unobservable.
 * - management: recorded by every trail and by LookupEvents;
 * - data: recorded only when the trail logs that data event category;
 * - unobservable: no event shows it (authorization-only actions, actions CloudTrail omits).
 */
export type ActionObservability = "management" | "data" | "unobservable";

export interface Observability {
  classify(action: ActionInfo): ActionObservability;
  /** Observable given which data event categories the trail logs. */
  observable(action: ActionInfo): boolean;
}

export function createObservability(
  catalog: Catalog,
  loggedDataEvents: readonly DataEventCategory[] = [],
): Observability {
  const classes = new Map<number, ActionObservability>();
  const map = createEventMapper(catalog);
  for (const [prefix, names] of Object.entries(CLOUDTRAIL_SUPPORTED_ACTIONS)) {
    for (const name of names.split(" ")) {
      // cloudtracker names some services by eventSource (monitoring, pinpoint) and some actions
      // by event name (HeadBucket): the event mapping resolves both to catalog actions.
      const mapping = map(`${prefix}.amazonaws.com`, name);
      const direct = catalog.action(`${prefix}:${name}`);
      if (direct) classes.set(direct.id, "management");
      else if (mapping.kind === "actions")
        for (const a of mapping.actions) classes.set(a.action.id, "management");
    }
  }
  const logged = new Set<number>();
  for (const [category, actions] of Object.entries(DATA_EVENT_ACTIONS)) {
    for (const name of actions) {
      const action = known(catalog, name);
      classes.set(action.id, "data");
      if (loggedDataEvents.includes(category as DataEventCategory)) logged.add(action.id);
    }
  }
  for (const { action } of NEVER_LOGGED_ACTIONS) classes.set(known(catalog, action).id, "unobservable");
  const classify = (action: ActionInfo) => classes.get(action.id) ?? "unobservable";
  return {
    classify,
    observable: (action) => {
      const c = classify(action);
      return c === "management" || (c === "data" && logged.has(action.id));
    },
  };
}

function known(catalog: Catalog, name: string): ActionInfo {
  const action = catalog.action(name);
  if (!action) throw new ActivityKnowledgeError(`observability table names unknown action ${name}`);
  return action;
}
