import { z } from "zod";
import type { LoggedDataEvent, ManagementSide, TrailLogging } from "./trail-logging.js";

const fieldSelector = z.object({
  Field: z.string(),
  Equals: z.array(z.string()).optional(),
  StartsWith: z.array(z.string()).optional(),
  EndsWith: z.array(z.string()).optional(),
  NotEquals: z.array(z.string()).optional(),
  NotStartsWith: z.array(z.string()).optional(),
  NotEndsWith: z.array(z.string()).optional(),
});
type FieldSelector = z.infer<typeof fieldSelector>;

/** The output of `aws cloudtrail get-event-selectors` (and of the API). */
export const eventSelectorsSchema = z.object({
  TrailARN: z.string().optional(),
  EventSelectors: z
    .array(
      z.object({
        ReadWriteType: z.enum(["ReadOnly", "WriteOnly", "All"]).optional(),
        IncludeManagementEvents: z.boolean().optional(),
        DataResources: z
          .array(z.object({ Type: z.string(), Values: z.array(z.string()).optional() }))
          .optional(),
        ExcludeManagementEventSources: z.array(z.string()).optional(),
      }),
    )
    .optional(),
  AdvancedEventSelectors: z
    .array(z.object({ Name: z.string().optional(), FieldSelectors: z.array(fieldSelector) }))
    .optional(),
});
export type EventSelectors = z.infer<typeof eventSelectorsSchema>;

/** Thrown for a document that is not get-event-selectors output. */
export class EventSelectorsError extends Error {
  override readonly name = "EventSelectorsError";
}

export function parseEventSelectors(input: unknown, origin: string): TrailLogging {
  const parsed = eventSelectorsSchema.safeParse(input);
  if (!parsed.success || (!parsed.data.EventSelectors && !parsed.data.AdvancedEventSelectors))
    throw new EventSelectorsError(
      `${origin}: not the output of get-event-selectors (expected EventSelectors or AdvancedEventSelectors)`,
    );
  const doc = parsed.data;
  const advanced = doc.AdvancedEventSelectors ?? [];
  const basic = doc.EventSelectors ?? [];
  return {
    ...(doc.TrailARN ? { trail: doc.TrailARN } : {}),
    ...(advanced.length > 0 ? fromAdvanced(advanced) : basic.length > 0 ? fromBasic(basic) : NOTHING_COUNTED),
  };
}

/**
 * An answer holding no selector at all, basic or advanced: a trail has one to five basic selectors
 * (a new trail's default one included) or advanced ones, so an empty list is no trail's documented
 * state and says nothing of what it logs (it may log data events alone). None of its events is
 * counted on, rather than every management event. A trail read live whose description says it has
 * no custom selectors logs the default (cloudtrail-event-selectors.ts).
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PutEventSelectors.html
 */
const NOTHING_COUNTED: Omit<TrailLogging, "trail"> = { management: { read: false, write: false }, data: [] };

/**
 * Basic selectors: a data resource value that is only the service's ARN prefix (`arn:aws:s3`,
 * `arn:aws:s3:::`, `arn:aws:lambda`, `arn:aws:dynamodb`) selects every resource of the type.
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DataResource.html
 */
function fromBasic(selectors: NonNullable<EventSelectors["EventSelectors"]>): Omit<TrailLogging, "trail"> {
  const management = new ManagementSelection();
  const data: LoggedDataEvent[] = [];
  for (const s of selectors) {
    const rw = s.ReadWriteType ?? "All";
    const read = rw !== "WriteOnly";
    const write = rw !== "ReadOnly";
    if (s.IncludeManagementEvents ?? true)
      management.add({ read, write }, s.ExcludeManagementEventSources ?? []);
    for (const r of s.DataResources ?? []) {
      const values = r.Values ?? [];
      if (values.length === 0) continue;
      const all = values.some((v) => /^arn:[a-z-]+:[a-z0-9-]+(:::?)?$/.test(v));
      data.push({ type: r.Type, read, write, resources: all ? "all" : values });
    }
  }
  return { management: management.result(), data };
}

/**
 * Advanced selectors: each selects events matching all its field conditions.
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedFieldSelector.html
 * Conditions Whittle cannot reason about (userIdentity.arn, NotStartsWith on ARNs...) make the
 * selector partial: its events are recorded as logged for some resources only, never for all.
 */
function fromAdvanced(
  selectors: NonNullable<EventSelectors["AdvancedEventSelectors"]>,
): Omit<TrailLogging, "trail"> {
  const management = new ManagementSelection();
  const data: LoggedDataEvent[] = [];
  for (const { FieldSelectors: fields } of selectors) {
    const field = (name: string) => fields.find((f) => f.Field === name);
    // Each field is read from its first condition: a selector naming a field twice (an eventName
    // or eventSource exclusion split over two conditions, the second unread) is not counted on,
    // as the API reference does not say a field appears once.
    const repeated = new Set(fields.map((f) => f.Field)).size < fields.length;
    const category = field("eventCategory")?.Equals?.[0];
    const readOnly = field("readOnly")?.Equals?.[0];
    const read = readOnly !== "false";
    const write = readOnly !== "true";
    if (category === "Management") {
      // A trail filters management events by readOnly (Equals) and by excluded event sources
      // alone; any other condition (an event data store's userIdentity.arn or eventName) logs
      // some of them only, which nothing here can say: none is counted as logged.
      if (!repeated && fields.every(understoodManagement))
        management.add({ read, write }, field("eventSource")?.NotEquals ?? []);
      continue;
    }
    if (category !== "Data") continue;
    const type = field("resources.type")?.Equals?.[0];
    if (!type) continue;
    const arn = field("resources.ARN");
    const names = field("eventName");
    const others = fields.filter((f) => !KNOWN_FIELDS.has(f.Field));
    // readOnly by another operator than Equals (which alone the reference allows) is not read above.
    const sides = field("readOnly");
    const partial =
      repeated ||
      others.length > 0 ||
      (names && !simpleNames(names)) ||
      (sides && !understoodManagement(sides));
    data.push({
      type,
      read,
      write,
      resources: arn || partial ? arnPrefixes(arn) : "all",
      ...(names?.Equals ? { onlyEvents: names.Equals } : {}),
      ...(names?.NotEquals ? { exceptEvents: names.NotEquals } : {}),
    });
  }
  return { management: management.result(), data };
}

/**
 * Several selectors log the union of their events, side by side: a source is excluded from read
 * (or write) events only if every selector of read (or write) events excludes it. A selector of
 * write events that excludes nothing does not bring back the read events another one excludes.
 */
class ManagementSelection {
  private read: ManagementSide | false = false;
  private write: ManagementSide | false = false;

  add(sides: { read: boolean; write: boolean }, excluded: readonly string[]): void {
    if (sides.read) this.read = union(this.read, excluded);
    if (sides.write) this.write = union(this.write, excluded);
  }

  result(): TrailLogging["management"] {
    return { read: this.read, write: this.write };
  }
}

function union(side: ManagementSide | false, excluded: readonly string[]): ManagementSide {
  return { excludedSources: side ? side.excludedSources.filter((e) => excluded.includes(e)) : [...excluded] };
}

/** A management selector's condition as trails allow it: eventCategory and readOnly by Equals, eventSource by NotEquals. */
function understoodManagement(f: FieldSelector): boolean {
  const operators = Object.entries(f).flatMap(([k, v]) => (k === "Field" || v === undefined ? [] : [k]));
  const only = (operator: string) => operators.every((o) => o === operator);
  if (f.Field === "eventCategory" || f.Field === "readOnly") return only("Equals");
  return f.Field === "eventSource" && only("NotEquals");
}

const KNOWN_FIELDS = new Set(["eventCategory", "readOnly", "resources.type", "resources.ARN", "eventName"]);

function simpleNames(f: FieldSelector): boolean {
  return !f.StartsWith && !f.EndsWith && !f.NotStartsWith && !f.NotEndsWith;
}

function arnPrefixes(f: FieldSelector | undefined): string[] {
  return [...(f?.Equals ?? []), ...(f?.StartsWith ?? [])];
}
