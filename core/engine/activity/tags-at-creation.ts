import type { Catalog } from "../catalog/catalog.js";
import type { ActionInfo } from "../catalog/types.js";
import {
  CREATING_ACCESS_LEVELS,
  CREATING_PREFIXES,
  NOT_TAG_ADDING,
  TAG_PARAMETERS,
  TAGS_IN_NAME,
} from "./knowledge/tags-at-creation.js";

const tagAdding = new WeakMap<Catalog, Map<string, readonly ActionInfo[]>>();

/** The service's Tagging-level actions that add tags, in catalog order; resolved once per service. */
export function tagAddingActions(catalog: Catalog, service: string): readonly ActionInfo[] {
  let byService = tagAdding.get(catalog);
  if (!byService) {
    byService = new Map();
    tagAdding.set(catalog, byService);
  }
  let actions = byService.get(service);
  if (!actions) {
    const info = catalog.service(service);
    const found: ActionInfo[] = [];
    if (info)
      for (let id = info.first; id < info.end; id++) {
        const action = catalog.actions[id]!;
        if (isTagAdding(action)) found.push(action);
      }
    actions = found;
    byService.set(service, actions);
  }
  return actions;
}

function isTagAdding(action: ActionInfo): boolean {
  return (
    action.accessLevel === "Tagging" && TAGS_IN_NAME.test(action.name) && !NOT_TAG_ADDING.test(action.name)
  );
}

/**
 * The tagging actions the general rule adds to a call when its request carries tags: the service's
 * tag-adding actions, for a creating call (by name and access level) that is not itself a tagging
 * call and whose table entry has no tagging rule of its own (the tables' rules are exact; this is
 * the fallback). None otherwise.
 */
export function taggingOnCreate(
  catalog: Catalog,
  service: string,
  eventName: string,
  primary: ActionInfo,
  added: readonly ActionInfo[],
): readonly ActionInfo[] {
  if (!CREATING_ACCESS_LEVELS.includes(primary.accessLevel) || isTagAdding(primary)) return [];
  if (!CREATING_PREFIXES.some((p) => eventName.startsWith(p))) return [];
  const tagging = tagAddingActions(catalog, service);
  if (added.some((a) => tagging.includes(a) || (a.service === service && a.accessLevel === "Tagging")))
    return [];
  return tagging;
}

const TAG_KEYS = new Set(TAG_PARAMETERS);
/** A query string's member number after a key (`TagSpecification.1`): the key is read without it. */
const MEMBER_NUMBER = /\.\d+$/;

/**
 * Whether requestParameters carry tags: a tag key (any case) with a non-empty list, object or
 * string, at any depth — tags nested in a part of the request (a launch template's data, a
 * bucket's configuration) are tags of what the call creates too, and the Athena query, which reads
 * them with one regular expression, cannot tell depth either. Walked with a list, not recursion:
 * a record can nest deeper than the call stack.
 */
export function carriesTags(params: Record<string, unknown>): boolean {
  const pending: unknown[] = [params];
  while (pending.length > 0) {
    const value = pending.pop();
    if (Array.isArray(value)) {
      for (const item of value) if (item !== null && typeof item === "object") pending.push(item);
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    const object = value as Record<string, unknown>;
    for (const key of Object.keys(object)) {
      const inner = object[key];
      if (isTagKey(key) && nonEmpty(inner)) return true;
      if (inner !== null && typeof inner === "object") pending.push(inner);
    }
  }
  return false;
}

const TAG_KEY = new Map<string, boolean>();

/** Whether a parameter key names tags, remembered: records repeat a few hundred keys millions of times. */
function isTagKey(key: string): boolean {
  let is = TAG_KEY.get(key);
  if (is === undefined) {
    is = TAG_KEYS.has(key.toLowerCase().replace(MEMBER_NUMBER, ""));
    // Keys are the services' parameter names; made-up ones are not worth remembering forever.
    if (TAG_KEY.size < 4096) TAG_KEY.set(key, is);
  }
  return is;
}

function nonEmpty(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "string") return value !== "";
  return value !== null && typeof value === "object" && Object.keys(value).length > 0;
}

/**
 * The Athena side of carriesTags: a tag key followed by a non-empty list, object or string,
 * anywhere in the request's JSON text. A key is a quoted name followed by a colon; inside a string
 * value its quotes are escaped, so it is not matched there.
 */
export const TAG_PARAMETER_PATTERN = `(?i)"(?:${TAG_PARAMETERS.join("|")})(?:\\.\\d+)?"\\s*:\\s*(?:\\[\\s*[^\\]\\s]|\\{\\s*[^}\\s]|"[^"])`;
