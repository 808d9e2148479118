import { DATA_EVENT_ALIASES } from "./knowledge/other-data-event-types.js";
import type { TrailStatus } from "./trail-status.js";

/**
 * What one trail records, read from its event selectors (`cloudtrail:GetEventSelectors`, or the
 * JSON `aws cloudtrail get-event-selectors` prints). Basic and advanced selectors both reduce to it.
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetEventSelectors.html
 */
export interface TrailLogging {
  /** Trail ARN or name, when known. */
  trail?: string;
  /**
   * Management events, per side: read-only events and the others are selected apart (a basic
   * selector's ReadWriteType, an advanced one's readOnly field), each with its own exclusions.
   */
  management: { read: ManagementSide | false; write: ManagementSide | false };
  data: readonly LoggedDataEvent[];
  /**
   * The regions whose events it records, when not every region: a single-region trail records its
   * home region's alone. Absent: every region.
   */
  regions?: readonly string[];
  /**
   * No description said which regions it records (selectors given without describe-trails
   * output): like a trail nobody described, it is counted on only in the regions its files show.
   */
  regionsUnknown?: true;
  /**
   * A single-region trail created or updated with `--no-include-global-service-events`: it records
   * no event of IAM, STS's global endpoint or CloudFront, even in us-east-1. Absent: included (the
   * default, and always so for a multi-region trail).
   */
  globalServiceEvents?: false;
  /**
   * Its home region, when described: a trail's own changes (StopLogging, PutEventSelectors) are
   * calls to CloudTrail there, recorded in that region's files alone.
   */
  home?: string;
  /** The bucket and key prefix its files are delivered to, when known (a trail read live). */
  delivery?: { bucket: string; prefix?: string };
  /**
   * Whether it was logging when read (a trail read live); absent for selectors given as files,
   * which say nothing of it: the trail is then believed to log as its selectors say.
   */
  status?: TrailStatus;
}

/** One side of a trail's management events: logged, but for the excluded event sources. */
export interface ManagementSide {
  /** Event sources (`kms.amazonaws.com`) none of this side's events are recorded for. */
  excludedSources: readonly string[];
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

const EVERY_MANAGEMENT_EVENT: TrailLogging["management"] = {
  read: { excludedSources: [] },
  write: { excludedSources: [] },
};

/** A trail that logs every management event and the given data-event types for every resource. */
export function defaultLogging(dataTypes: readonly string[] = []): TrailLogging {
  return {
    management: EVERY_MANAGEMENT_EVENT,
    data: dataTypes.map((type) => ({ type: dataEventType(type), read: true, write: true, resources: "all" })),
  };
}

/** LookupEvents: management events only, whatever the trails log. */
export const MANAGEMENT_ONLY: TrailLogging = { management: EVERY_MANAGEMENT_EVENT, data: [] };

/** A resource type, or one of the short names `loggedDataEvents` accepted before (s3, lambda, dynamodb). */
export function dataEventType(name: string): string {
  return DATA_EVENT_ALIASES[name] ?? name;
}

/** The data-event types a trail logs (for any resource), sorted. */
export function loggedTypes(logging: readonly TrailLogging[]): string[] {
  return [...new Set(logging.flatMap((l) => l.data.map((d) => d.type)))].sort();
}
