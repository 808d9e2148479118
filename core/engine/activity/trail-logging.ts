import { DATA_EVENT_ALIASES } from "./knowledge/other-data-event-types.js";

/**
 * What one trail records, read from its event selectors (`cloudtrail:GetEventSelectors`, or the
 * JSON `aws cloudtrail get-event-selectors` prints). Basic and advanced selectors both reduce to it.
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetEventSelectors.html
 */
export interface TrailLogging {
  /** Trail ARN or name, when known. */
  trail?: string;
  /** Management events, read and/or write, minus excluded event sources; false when not logged. */
  management: { read: boolean; write: boolean; excludedSources: readonly string[] } | false;
  data: readonly LoggedDataEvent[];
  /**
   * The regions whose events it records, when not every region: a single-region trail records its
   * home region's alone. Absent: every region.
   */
  regions?: readonly string[];
}

export interface LoggedDataEvent {
  /** CloudTrail data-event resource type, e.g. `AWS::SQS::Queue`. */
  type: string;
  read: boolean;
  write: boolean;
  /** "all" for every resource of the type; otherwise the ARN prefixes logged. */
  resources: "all" | readonly string[];
  /** eventName filters: only these, or all but these. */
  onlyEvents?: readonly string[];
  exceptEvents?: readonly string[];
}

/** A trail that logs every management event and the given data-event types for every resource. */
export function defaultLogging(dataTypes: readonly string[] = []): TrailLogging {
  return {
    management: { read: true, write: true, excludedSources: [] },
    data: dataTypes.map((type) => ({ type: dataEventType(type), read: true, write: true, resources: "all" })),
  };
}

/** LookupEvents: management events only, whatever the trails log. */
export const MANAGEMENT_ONLY: TrailLogging = {
  management: { read: true, write: true, excludedSources: [] },
  data: [],
};

/** A resource type, or one of the short names `loggedDataEvents` accepted before (s3, lambda, dynamodb). */
export function dataEventType(name: string): string {
  return DATA_EVENT_ALIASES[name] ?? name;
}

/** The data-event types a trail logs (for any resource), sorted. */
export function loggedTypes(logging: readonly TrailLogging[]): string[] {
  return [...new Set(logging.flatMap((l) => l.data.map((d) => d.type)))].sort();
}
