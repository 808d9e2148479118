import {
  ACCESS_LEVELS,
  type ActionInfo,
  type ActionResourceType,
  type RawResourceType,
  type ServiceInfo,
} from "./types.js";

/**
 * The catalog reduced to what the engine reads, sorted and resolved once: every distinct string,
 * string list and action resource type is stored once and referred to by index. It is about a
 * tenth of the published data (no descriptions), parses in a few milliseconds, and a catalog built
 * from it shares its strings and lists between actions. The compiled CLI ships it as one JSON file.
 */
export interface PackedCatalog {
  format: typeof PACKED_FORMAT;
  version: string;
  strings: string[];
  /** String lists (condition keys, dependent actions), as indexes into `strings`. */
  lists: number[][];
  /** Action resource types, RESOURCE_REF_WIDTH numbers each: name, required (0|1), ARN format, condition key list, dependent action list. */
  resourceRefs: number[];
  /** Lists of an action's resource types, as indexes into `resourceRefs` (by entry). */
  resourceLists: number[][];
  /** Services by prefix, in catalog order: their actions take consecutive ids. */
  services: PackedService[];
  /** Condition keys named exactly, in the order they are declared (services', then global): key, type. */
  conditionKeys: number[];
  /** Templated condition keys (`aws:RequestTag/${TagKey}`), in the same order: lower-case prefix, key, type. */
  templatedConditionKeys: number[];
}

export interface PackedService {
  prefix: number;
  name: number;
  /** Triples: key, ARN, condition key list (NO_LIST when the catalog gives none). */
  resourceTypes: number[];
  /** ACTION_WIDTH numbers per action, in id order: name, access level, condition key list, dependent action list, resource list. */
  actions: number[];
}

export const PACKED_FORMAT = 2;
export const RESOURCE_REF_WIDTH = 5;
export const ACTION_WIDTH = 5;
export const NO_LIST = -1;

/**
 * Actions and services from the packed form. Equal strings, lists and resource types are one shared
 * object each, frozen since every action that refers to them sees them.
 */
export function unpackCatalog(packed: PackedCatalog): { actions: ActionInfo[]; services: ServiceInfo[] } {
  const { strings } = packed;
  const lists = packed.lists.map((ids) => Object.freeze(ids.map((id) => strings[id]!)));
  const list = (id: number) => (id === NO_LIST ? undefined : lists[id]!);
  const refs: ActionResourceType[] = [];
  const r = packed.resourceRefs;
  for (let i = 0; i < r.length; i += RESOURCE_REF_WIDTH) {
    refs.push(
      Object.freeze({
        name: strings[r[i]!]!,
        required: r[i + 1] === 1,
        arnFormat: strings[r[i + 2]!]!,
        conditionKeys: list(r[i + 3]!)!,
        dependentActions: list(r[i + 4]!)!,
      }),
    );
  }
  const resourceLists = packed.resourceLists.map((ids) => Object.freeze(ids.map((id) => refs[id]!)));
  const actions: ActionInfo[] = [];
  const services = packed.services.map((s): ServiceInfo => {
    const prefix = strings[s.prefix]!;
    const first = actions.length;
    const a = s.actions;
    for (let i = 0; i < a.length; i += ACTION_WIDTH) {
      const name = strings[a[i]!]!;
      const resourceTypes = resourceLists[a[i + 4]!]!;
      actions.push({
        id: actions.length,
        service: prefix,
        name,
        key: `${prefix}:${name}`,
        accessLevel: ACCESS_LEVELS[a[i + 1]!]!,
        resourceTypes,
        conditionKeys: list(a[i + 2]!)!,
        dependentActions: list(a[i + 3]!)!,
        wildcardOnly: resourceTypes.length === 0,
      });
    }
    const resourceTypes = new Map<string, RawResourceType>();
    for (let i = 0; i < s.resourceTypes.length; i += 3) {
      const key = strings[s.resourceTypes[i]!]!;
      const arn = strings[s.resourceTypes[i + 1]!]!;
      const keys = list(s.resourceTypes[i + 2]!);
      resourceTypes.set(
        key,
        keys ? { key, arn, conditionKeys: keys as string[] } : ({ key, arn } as RawResourceType),
      );
    }
    return { prefix, name: strings[s.name]!, first, end: actions.length, resourceTypes };
  });
  return { actions, services };
}

/** True for a value that has the packed catalog's shape (a JSON file may be from another format). */
export function isPackedCatalog(value: unknown): value is PackedCatalog {
  return (value as PackedCatalog | undefined)?.format === PACKED_FORMAT;
}
