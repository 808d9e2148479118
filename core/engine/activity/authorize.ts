import type { Catalog } from "../catalog/catalog.js";
import type { ActionInfo } from "../catalog/types.js";
import { kmsRolesNamedByAlias } from "./alias-named-key.js";
import { createdListed, wildcardCreatedType } from "./created-listed.js";
import {
  ROLE_PASSING_CALLS,
  type RoleReference,
  roleReferences,
} from "./knowledge/authorizations/pass-role.js";
import { type ResourceRole, str } from "./knowledge/authorizations/types.js";
import { ERROR_ANSWER_NEEDS } from "./knowledge/error-answers.js";
import {
  createEventMapper,
  type EventMapping,
  type MappedCatalogAction,
  type ResolvedRule,
} from "./mapping.js";
import { namesRequiredTypes, resourceCandidates, resourcesFor } from "./resources.js";
import type { RoleDirectory } from "./role-directory.js";
import { carriesTags } from "./tags-at-creation.js";
import type { CloudTrailEvent } from "./types.js";

/** One authorization a call needed: an action on the resources it names (none: not nameable, or `*`). */
export interface Authorization {
  action: ActionInfo;
  resources: string[];
  /** Some of the call's resources for this action (one of its required resource types) could not be named. */
  unscoped: boolean;
  /** Not an action the event is named for, but one its parameters show it needed (iam:PassRole). */
  inferred?: boolean;
  /** Inferred, and only possibly needed: the record cannot say (what a launch template it names holds). */
  possible?: boolean;
  /**
   * The resources a wildcard-only creating call made (the key a `kms:CreateKey` lists): not what it
   * was authorized on, which is `*`, but what the principal's later calls name as created.
   */
  created?: string[];
  /** The resources are the key an alias named by the call pointed to that day (alias-named-key.ts). */
  aliased?: boolean;
}

export type EventAuthorizations =
  | { kind: "authorizations"; authorizations: Authorization[] }
  | Exclude<EventMapping, { kind: "actions" }>;

export type Authorizer = (event: CloudTrailEvent) => EventAuthorizations;

/**
 * Everything IAM checks for one call, decided by its request parameters: the event's actions as
 * the authorization tables give them (swapped, moved or added by parameters), each on the
 * resources the call names, plus iam:PassRole on every role the parameters hand to a service.
 */
export function createAuthorizer(catalog: Catalog, roles?: RoleDirectory): Authorizer {
  const map = createEventMapper(catalog);
  const passRole = catalog.action("iam:PassRole");
  const answerNeeds = errorAnswerNeeds(catalog);
  return (event) => {
    const mapping = map(event.eventSource, event.eventName, event.eventType);
    if (mapping.kind !== "actions") return mapping;
    const params = isObject(event.requestParameters) ? event.requestParameters : undefined;
    const needs =
      mapping.rules.length > 0 ? applyRules(mapping, params ?? NO_PARAMETERS, event) : mapping.actions;
    let candidates: ReturnType<typeof resourceCandidates> | undefined;
    // A key named by alias may be another key next time: its key actions keep their scope.
    const byAlias = mapping.service === "kms" ? kmsRolesNamedByAlias(event) : NO_ROLES;
    const authorizations = needs.map(({ action, resource, inferred }): Authorization => {
      if (action.wildcardOnly) {
        const type = wildcardCreatedType(catalog, action);
        if (!type) return authorization(action, [], true, inferred);
        candidates ??= resourceCandidates(event, mapping.service, roles);
        return authorization(action, [], true, inferred, createdListed(type, candidates.target));
      }
      candidates ??= resourceCandidates(event, mapping.service, roles);
      const resources = resourcesFor(action, resource, candidates);
      // A resource type the call needed but the record does not name: the action keeps its scope.
      // A need a table rule moved to another role (an index, a copy source) names its resource exactly.
      const aliased = byAlias.length > 0 && byAlias.includes(resource) && resources.length > 0;
      const unscoped =
        resources.length === 0 ||
        aliased ||
        (resource === "target" && !namesRequiredTypes(action, resources));
      const need = authorization(action, resources, unscoped, inferred);
      if (aliased) need.aliased = true;
      return need;
    });
    if (params && mapping.tagging.length > 0 && carriesTags(params)) {
      candidates ??= resourceCandidates(event, mapping.service, roles);
      authorizations.push(...taggingAuthorizations(mapping.tagging, candidates));
    }
    const answered = event.errorCode
      ? answerNeeds.get(answerKey(event.eventSource, event.eventName, event.errorCode))
      : undefined;
    if (answered) {
      candidates ??= resourceCandidates(event, mapping.service, roles);
      const resources = resourcesFor(answered, "target", candidates);
      authorizations.push({
        action: answered,
        resources,
        unscoped: resources.length === 0,
        inferred: true,
        possible: true,
      });
    }
    const primary = mapping.actions[0]!.action;
    const refs = params ? roleReferences(primary.key, passesRoles(primary), params) : [];
    if (passRole && refs.length > 0) {
      const resolved = refs.map((r) => resolve(r, roles));
      const resources = [...new Set(resolved.flatMap((r) => r ?? []))].sort();
      const unscoped = resolved.some((r) => r === undefined);
      if (resources.length > 0 || unscoped)
        authorizations.push({ action: passRole, resources, unscoped, inferred: true });
    }
    return { kind: "authorizations", authorizations };
  };
}

const NO_PARAMETERS: Record<string, unknown> = Object.freeze({});
const NO_ROLES: readonly ResourceRole[] = Object.freeze([]);

/** Built field by field, not spread: this runs for every need of every event. */
function authorization(
  action: ActionInfo,
  resources: string[],
  unscoped: boolean,
  inferred: boolean | undefined,
  created?: string[],
): Authorization {
  const need: Authorization = { action, resources, unscoped };
  if (inferred) {
    need.inferred = true;
    need.possible = true;
  }
  if (created && created.length > 0) need.created = created;
  return need;
}

const answerKey = (eventSource: string, eventName: string, errorCode: string) =>
  `${eventSource}\u0000${eventName}\u0000${errorCode}`;

/** The needs an error answer shows (knowledge/error-answers.ts), by source, event and error code. */
function errorAnswerNeeds(catalog: Catalog): Map<string, ActionInfo> {
  const needs = new Map<string, ActionInfo>();
  for (const entry of ERROR_ANSWER_NEEDS) {
    const action = catalog.action(entry.action);
    if (!action) continue;
    for (const event of entry.events)
      for (const code of entry.errorCodes) needs.set(answerKey(entry.eventSource, event, code), action);
  }
  return needs;
}

/** The event's needs after its parameters: swapped actions, moved resources, added and dropped needs. */
function applyRules(
  mapping: Extract<EventMapping, { kind: "actions" }>,
  params: Record<string, unknown>,
  event: CloudTrailEvent,
): MappedCatalogAction[] {
  let needs = [...mapping.actions];
  for (const rule of mapping.rules) {
    if (!calledFor(rule, params, event)) continue;
    needs = needs.map((n) => {
      const into = rule.replace.get(n.action.id);
      const resource = rule.retarget && n.resource === "target" ? rule.retarget : n.resource;
      return { ...n, action: into ?? n.action, resource };
    });
    // Dropped before the rule's own needs are added: a header naming the key the call used rules
    // out the key it might have used, and needs the action on the one it names.
    const drop = rule.drop;
    if (drop) needs = needs.filter((n) => !drop.has(n.action.id));
    needs.push(...rule.add);
  }
  // A need the call may have had and also certainly had is a certain one.
  return needs.filter(
    (n) =>
      !n.inferred || !needs.some((m) => !m.inferred && m.action === n.action && m.resource === n.resource),
  );
}

/** Whether the record calls for a rule: the service that made the call, what it says it did, or the request. */
function calledFor(rule: ResolvedRule, params: Record<string, unknown>, event: CloudTrailEvent): boolean {
  if (rule.invokedBy !== undefined) return rule.invokedBy === event.userIdentity?.invokedBy;
  if (rule.recorded === undefined) return fires(rule, params);
  const field = event[rule.recorded.field];
  const value = isObject(field) ? str(field[rule.recorded.key]) : undefined;
  return value !== undefined && (!rule.matches || rule.matches.test(value));
}

/**
 * Whether the request calls for a parameter rule: its parameter set (and matching), or tags in any shape.
 * A rule on every value fires only when the parameter has values and each is set and matches.
 */
function fires(rule: ResolvedRule, params: Record<string, unknown>): boolean {
  if (rule.parameter === undefined) return carriesTags(params);
  const values = valuesAt(params, rule.parameter);
  const matches = (v: unknown) => !rule.matches || rule.matches.test(str(v) ?? "");
  if (rule.every) return values.length > 0 && values.every((v) => present(v) && matches(v));
  if (!values.some(present)) return false;
  return values.some(matches);
}

/**
 * The tagging actions on the resources the creating call named. A service with several (one per
 * resource type) keeps those whose resource types the named resources are of; when the call named
 * none of theirs, each keeps its current scope, as a call whose resource is not known does. Needs
 * as the tables' tagging rules' are, not inferred: a refused creating call leaves its tagging
 * action refused too, kept where it is granted today, for the creation that is tried again.
 */
function taggingAuthorizations(
  tagging: readonly ActionInfo[],
  candidates: ReturnType<typeof resourceCandidates>,
): Authorization[] {
  const scoped = tagging.flatMap((action) => {
    const resources = action.wildcardOnly ? [] : resourcesFor(action, "target", candidates);
    return resources.length > 0 ? [{ action, resources, unscoped: false }] : [];
  });
  if (scoped.length > 0) return scoped;
  return tagging.map((action) => ({ action, resources: [], unscoped: true }));
}

function passesRoles(action: ActionInfo): boolean {
  return (
    (ROLE_PASSING_CALLS.accessLevels as readonly string[]).includes(action.accessLevel) &&
    !(ROLE_PASSING_CALLS.exceptServices as readonly string[]).includes(action.service)
  );
}

/** The role ARNs a reference stands for; undefined when the snapshot cannot say. */
function resolve(ref: RoleReference, roles: RoleDirectory | undefined): string[] | undefined {
  if ("role" in ref) return roles?.roleArnSpellings(ref.role) ?? [ref.role];
  if ("roleName" in ref) {
    const arn = roles?.roleNamed(ref.roleName);
    return arn ? [arn] : undefined;
  }
  return roles?.rolesOfInstanceProfile(ref.instanceProfile);
}

/**
 * The values at a parameter's path: a plain key, or keys joined by dots into nested objects, lists
 * opened on the way (`instancesSet.items.imageId`, as EC2's records nest the image of each launch).
 */
function valuesAt(params: Record<string, unknown>, path: string): unknown[] {
  if (!path.includes(".")) return [params[path]];
  let values: unknown[] = [params];
  for (const key of path.split(".")) {
    const next: unknown[] = [];
    for (const value of values) {
      for (const item of Array.isArray(value) ? value : [value])
        if (isObject(item) && key in item) next.push(item[key]);
    }
    values = next;
  }
  return values;
}

/** A parameter the request set: CloudTrail writes absent headers as missing, sometimes as `""` or `[]`. */
function present(value: unknown): boolean {
  // Arrays are opened from a list rather than by recursion: a record can nest them deeper than the stack.
  const pending = [value];
  while (pending.length > 0) {
    const v = pending.pop();
    if (!Array.isArray(v)) {
      if (v !== undefined && v !== null && v !== "" && v !== false) return true;
    } else for (const item of v) pending.push(item);
  }
  return false;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
