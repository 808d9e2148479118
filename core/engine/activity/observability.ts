import type { Catalog } from "../catalog/catalog.js";
import type { ActionInfo } from "../catalog/types.js";
import { ActivityKnowledgeError } from "./errors.js";
import { API_OPERATIONS } from "./knowledge/api-operations.js";
import { AUTHORIZATION_TABLES, type EventEntry } from "./knowledge/authorizations/index.js";
import { CLOUDTRAIL_SERVICES } from "./knowledge/cloudtrail-services.js";
import { DATA_EVENT_TYPES } from "./knowledge/data-event-types.js";
import { NEVER_LOGGED_ACTIONS, NEVER_LOGGED_READS } from "./knowledge/never-logged.js";
import { READ_ONLY_EXCEPTIONS } from "./knowledge/read-only-exceptions.js";
import { RECORDED_FOR_CALLERS } from "./knowledge/recorded-for-callers.js";
import { servicePrefix } from "./knowledge/service-prefixes.js";
import { UNCONFIRMED_CALLS } from "./knowledge/unconfirmed-calls.js";
import { createEventMapper } from "./mapping.js";
import type { TrailLogging } from "./trail-logging.js";

/**
 * Whether CloudTrail can show that an action was used; "unused" is only claimable for actions the
 * trail read could show. Every catalog action falls in one class, decided in this order:
 * 1. data: a data event of some resource type (data-event-types.ts), logged only when the trail's
 *    event selectors select that type (or both types a call may be recorded as, or the type and the
 *    management events when AWS's pages name the call as both);
 * 2. unobservable: named in never-logged.ts (checked as part of another call, or not recorded), or
 *    a read of a service it names as recording no reads, or named in unconfirmed-calls.ts (a call
 *    AWS's pages leave unsure to be recorded as a management event);
 * 3. management: the action an event named after an API operation (api-operations.ts) of a
 *    service CloudTrail records (cloudtrail-services.ts) is credited with; recorded by default,
 *    and by LookupEvents;
 * 4. unobservable: everything else (authorization-only actions, operations too new for the table).
 */
export type ActionObservability = "management" | "data" | "unobservable";

export interface Observability {
  classify(action: ActionInfo): ActionObservability;
  /** The data-event resource types that record the action (empty unless it is a data event). */
  dataTypes(action: ActionInfo): readonly string[];
  /**
   * Whether one of these trails records every call of the action, whatever its resource and region:
   * a trail of some regions only never shows a call made in another, and an identity policy
   * rarely says where its grants are used.
   */
  observable(action: ActionInfo, logging: readonly TrailLogging[]): boolean;
  /**
   * Whether every use of the action leaves a record in these trails: its own event is recorded
   * (observable), or it is only ever checked as part of another call (iam:PassRole). An operation
   * the API table does not know leaves none that can be counted on: whether its calls are
   * management events (and of which side) or data events is unknown, and a newer data-event-only
   * call would go unrecorded under a trail of management events; a call no trail records
   * (logs:PutLogEvents) never leaves one.
   */
  traced(action: ActionInfo, logging: readonly TrailLogging[]): boolean;
  /** Whether one of these trails records, in every region, one side of a service's management events. */
  recordsManagement(service: string, side: "read" | "write", logging: readonly TrailLogging[]): boolean;
}

export function createObservability(catalog: Catalog): Observability {
  const classes = new Map<number, ActionObservability>();
  // Per action, the sets of data-event types that together record its every call: most calls are
  // recorded as one type, some as one of two depending on how the request names the resource.
  const recordedAs = new Map<number, string[][]>();
  // The actions an event of that name is credited with (the event mapping), so that what is
  // called observable is exactly what an observed event would show.
  const map = createEventMapper(catalog);
  for (const [prefix, names] of Object.entries(API_OPERATIONS)) {
    if (!CLOUDTRAIL_SERVICES.has(prefix)) continue;
    for (const name of names.split(" ")) {
      const mapping = map(`${prefix}.amazonaws.com`, name);
      if (mapping.kind !== "actions") continue;
      for (const { action } of mapping.actions) classes.set(action.id, "management");
    }
  }
  const untraced = new Set<number>();
  const within = new Set<number>();
  for (const entry of NEVER_LOGGED_ACTIONS) {
    const { id } = known(catalog, entry.action);
    classes.set(id, "unobservable");
    (entry.within ? within : untraced).add(id);
  }
  for (const entry of UNCONFIRMED_CALLS) {
    const { id } = known(catalog, entry.action);
    classes.set(id, "unobservable");
    untraced.add(id);
  }
  const unloggedReads = new Set(NEVER_LOGGED_READS.map((r) => r.service));
  for (const action of catalog.actions)
    if (unloggedReads.has(action.service) && sideOf(action) === "read") {
      classes.set(action.id, "unobservable");
      untraced.add(action.id);
    }
  // Data events that may be recorded as management events instead: seen only where both are.
  const orManagement = new Set<number>();
  for (const { type, actions, orAs, orManagement: either } of DATA_EVENT_TYPES) {
    for (const name of actions) {
      const action = known(catalog, name);
      classes.set(action.id, "data");
      if (either) orManagement.add(action.id);
      recordedAs.set(action.id, [...(recordedAs.get(action.id) ?? []), orAs ? [type, orAs] : [type]]);
    }
  }
  const typesOf = (action: ActionInfo) => [...new Set((recordedAs.get(action.id) ?? []).flat())];
  const classify = (action: ActionInfo) => classes.get(action.id) ?? "unobservable";
  // Recorded on the other side of the read/write split than the access level says: visible only
  // where both sides are recorded.
  const mixed = new Set(READ_ONLY_EXCEPTIONS.map((e) => known(catalog, e.action).id));
  // The events besides its own name whose calls IAM authorizes as an action (CopyObject reads its
  // source as s3:GetObject; a multipart upload writes as s3:PutObject, parameters adding more): an
  // eventName filter shows every call of the action only when it lets all of them through.
  const eventsOf = new Map<number, Set<string>>();
  // The calls of another name that IAM authorizes an action in (ConditionCheckItem inside
  // TransactWriteItems, ssm:GetParameters for a RunInstances whose image is a parameter): each is
  // recorded by its own service or data event type, on the side of the actions it is named for,
  // which need not be the side of the action's own access level.
  const authorizedBy = new Map<number, Source[]>();
  const recordedForCallers = new Set(RECORDED_FOR_CALLERS.map((s) => s.service));
  for (const table of AUTHORIZATION_TABLES)
    for (const entry of table.events) {
      if (entry.class) continue;
      const source = sourceOf(table.service, entry);
      // A rule called for by the service that made the call adds the calls that service makes
      // later with the same credentials, each recorded as its own event: none is inside this one.
      const needs = [
        ...(entry.actions ?? [{ action: `${table.service}:${entry.event}` }]).map((n) => n.action),
        ...(entry.rules ?? []).flatMap((r) =>
          r.invokedBy !== undefined
            ? []
            : [...Object.values(r.replace ?? {}), ...(r.add ?? []).map((n) => n.action)],
        ),
      ];
      for (const key of needs) {
        const id = known(catalog, key).id;
        const set = eventsOf.get(id) ?? new Set<string>();
        set.add(entry.event);
        eventsOf.set(id, set);
        const action = catalog.actions[id]!;
        if (action.service === table.service && sameName(entry.event, action.name)) continue;
        if (recordedForCallers.has(action.service)) continue;
        authorizedBy.set(id, [...(authorizedBy.get(id) ?? []), source]);
      }
    }
  /**
   * Where an entry's call is recorded: the data event type of the actions it is named for, or its
   * service's management events, on the side the actions checked on its target say.
   */
  function sourceOf(service: string, entry: EventEntry): Source {
    const base = (entry.actions ?? [{ action: `${service}:${entry.event}` }]).flatMap(
      (n) => catalog.action(n.action) ?? [],
    );
    // The call's side is its target's: a copy reads its source, but is a write event.
    const named = (entry.actions ?? []).filter((n) => (n.resource ?? "target") === "target");
    const onTarget = named.length > 0 ? named.flatMap((n) => catalog.action(n.action) ?? []) : base;
    // A call that writes anything is a write event; one whose actions are all recorded against
    // their access level (or unknown to IAM) may be on either side.
    const plain = onTarget.filter((a) => !mixed.has(a.id)).map(sideOf);
    const on: Side[] =
      plain.length === 0 ? ["read", "write"] : plain.includes("write") ? ["write"] : ["read"];
    const of = base.flatMap((a) => (classify(a) === "data" ? (recordedAs.get(a.id) ?? []) : []));
    return of.length > 0
      ? { kind: "data", sets: of, event: entry.event, sides: on }
      : { kind: "management", service, sides: on };
  }
  const hasService = (prefix: string) => catalog.service(prefix) !== undefined;
  const recordsManagement = (service: string, side: Side, logging: readonly TrailLogging[]) =>
    logging.some(({ management, regions }) => {
      const m = management[side];
      return (
        regions === undefined &&
        m !== false &&
        !m.excludedSources.some((source) => servicePrefix(source, hasService) === service)
      );
    });
  const onSides = (action: ActionInfo, records: (side: Side) => boolean) =>
    mixed.has(action.id) ? records("read") && records("write") : records(sideOf(action));
  // Asked for every catalog action: defined once, not per call. Recorded when every type of one
  // of its sets is logged, each by any of these trails.
  const recordsData = (
    everywhere: readonly TrailLogging[],
    sets: readonly (readonly string[])[],
    events: readonly string[],
    side: Side,
  ) =>
    sets.some((set) =>
      set.every((type) =>
        everywhere.some((l) =>
          l.data.some(
            (d) =>
              d.type === type &&
              d.resources === "all" &&
              d[side] &&
              (!d.onlyEvents || events.every((n) => d.onlyEvents!.includes(n))) &&
              !d.exceptEvents?.some((e) => events.some((n) => sameName(e, n))),
          ),
        ),
      ),
    );
  const observable = (action: ActionInfo, logging: readonly TrailLogging[]) => {
    // Only a trail of every region records every call; an event is recorded when any such trail
    // records its side (read-only or not) of its event source.
    const everywhere = logging.filter((l) => l.regions === undefined);
    // Each call of another name it is authorized in must be recorded too, on that call's side:
    // the action's own access level says nothing of the side of the call it is checked inside.
    const othersRecorded = (authorizedBy.get(action.id) ?? []).every((s) =>
      s.sides.every((side) =>
        s.kind === "management"
          ? recordsManagement(s.service, side, everywhere)
          : recordsData(everywhere, s.sets, [s.event], side),
      ),
    );
    const kind = classify(action);
    if (kind === "management")
      return othersRecorded && onSides(action, (side) => recordsManagement(action.service, side, everywhere));
    if (kind !== "data") return false;
    const sets = recordedAs.get(action.id) ?? [];
    const events = [action.name, ...(eventsOf.get(action.id) ?? [])];
    return (
      othersRecorded &&
      onSides(action, (side) => recordsData(everywhere, sets, events, side)) &&
      (!orManagement.has(action.id) ||
        onSides(action, (side) => recordsManagement(action.service, side, everywhere)))
    );
  };
  return {
    classify,
    dataTypes: typesOf,
    recordsManagement,
    observable,
    traced(action, logging) {
      if (within.has(action.id)) return true;
      return classes.has(action.id) && !untraced.has(action.id) && observable(action, logging);
    },
  };
}

type Side = "read" | "write";

type Source = { sides: Side[] } & (
  | { kind: "management"; service: string }
  | { kind: "data"; sets: string[][]; event: string }
);

/** The side of the read/write split an action's events are on, by its access level. */
function sideOf(action: ActionInfo): Side {
  return action.accessLevel === "Read" || action.accessLevel === "List" ? "read" : "write";
}

/**
 * An action's calls are the operation of its name, in any case. An eventName filter's `Equals`
 * keeps events of "the exact value" only, so a value spelled in another case (`getobject`) lets
 * through no event at all: what it lets through is matched exactly, while what `NotEquals` leaves
 * out is matched in any case, which can only leave more out.
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html
 */
function sameName(eventName: string, action: string): boolean {
  return eventName.toLowerCase() === action.toLowerCase();
}

function known(catalog: Catalog, name: string): ActionInfo {
  const action = catalog.action(name);
  if (!action) throw new ActivityKnowledgeError(`observability table names unknown action ${name}`);
  return action;
}
