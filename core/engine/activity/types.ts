import type { AggregatePart, AggregateSetup } from "./aggregate-part.js";
import type { CoveragePart } from "./coverage.js";
import type { BucketRead } from "./trail-delivery.js";
import type { TrailLogging } from "./trail-logging.js";

/**
 * The CloudTrail fields Whittle reads. Records carry many more; they pass through untouched and
 * unvalidated, because only these decide which principal used which action on what.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 */
export interface CloudTrailUserIdentity {
  type?: string;
  principalId?: string;
  arn?: string;
  accountId?: string;
  accessKeyId?: string;
  userName?: string;
  invokedBy?: string;
  sessionContext?: {
    sessionIssuer?: {
      type?: string;
      principalId?: string;
      arn?: string;
      accountId?: string;
      userName?: string;
    };
    webIdFederationData?: { federatedProvider?: string };
  };
}

export interface CloudTrailResource {
  ARN?: string;
  ARNPrefix?: string;
  accountId?: string;
  type?: string;
}

export interface CloudTrailEvent {
  eventSource: string;
  eventName: string;
  eventTime: string;
  eventType?: string;
  awsRegion?: string;
  errorCode?: string;
  /** Set on a refused console sign-in ("Failed authentication"), which carries no errorCode. */
  errorMessage?: string;
  recipientAccountId?: string;
  /** The caller's IP address, or a service name when a service called on its behalf. */
  sourceIPAddress?: string;
  /** The VPC endpoint the call came through, when it did. */
  vpcEndpointId?: string;
  userIdentity?: CloudTrailUserIdentity;
  requestParameters?: Record<string, unknown> | null;
  /**
   * Read for console sign-ins, whose outcome (`{"ConsoleLogin": "Failure"}`) is here, and where an
   * authorization table's rule reads a key of it (the encryption S3 applied to an object).
   */
  responseElements?: Record<string, unknown> | null;
  /** Read only where an authorization table's rule reads a key of it (S3's `SSEApplied`). */
  additionalEventData?: unknown;
  resources?: CloudTrailResource[];
  /**
   * Which management events a trail's files show (shown-management.ts): read as written, unchecked,
   * and compared strictly, so that a value of another type shows nothing.
   */
  readOnly?: unknown;
  managementEvent?: unknown;
  eventCategory?: unknown;
  /** Whether the record names its format's version, as every CloudTrail record does (shown-management.ts). */
  eventVersion?: unknown;
}

/** The observation window, as ISO-8601 instants (`start` inclusive, `end` exclusive). */
export interface ActivityWindow {
  start: string;
  end: string;
  days: number;
}

/**
 * A pre-aggregated row, as an Athena query returns it: `count` events that share one principal,
 * event and resource. `event` holds the shared fields; times span the group.
 */
export interface ActivitySummary {
  event: CloudTrailEvent;
  count: number;
  firstSeen: string;
  lastSeen: string;
}

/** Input that a source could not turn into records: reported, never silently dropped. */
export interface SourceWarning {
  /** File path, S3 key or API name the problem came from. */
  origin: string;
  code: "unreadable" | "malformed-json" | "not-cloudtrail" | "invalid-record" | "source-failed";
  message: string;
}

/**
 * What a source declares it read, beyond the records themselves: the regions and accounts it
 * listed or queried, and whether that is all the window holds. Yielded at the end of a read.
 */
export interface SourceExtent {
  regions?: readonly string[];
  accounts?: readonly string[];
  /** False when the source knows it left part of the window unread (a region not reachable...). */
  complete?: boolean;
  /** Per account and region whose trail folders were read, the days a delivery file was found for. */
  delivered?: readonly DeliveredDays[];
  /** Delivery files outside a trail's folder layout were read: their records show which days were logged. */
  daysFromRecords?: boolean;
}

export interface DeliveredDays {
  account: string;
  region: string;
  /** `YYYY-MM-DD` (UTC). */
  days: readonly string[];
}

export type ActivityItem =
  | { kind: "event"; event: CloudTrailEvent }
  | { kind: "summary"; summary: ActivitySummary }
  | { kind: "warning"; warning: SourceWarning }
  | { kind: "extent"; extent: SourceExtent };

/**
 * Where CloudTrail activity comes from: files, a trail's bucket, LookupEvents or Athena. Sources
 * stream in batches (one file, object or result page each): nothing downstream needs all records
 * at once, and an await per batch rather than per record keeps millions of records cheap.
 */
export interface ActivitySource {
  /** One line naming the source for the report's `sources.activity`. */
  readonly description: string;
  /** What the source can show when it is not the trail's own logging (LookupEvents: management only). */
  readonly logging?: TrailLogging;
  /** The bucket and key prefix it reads, for a trail's bucket read live: only the trails delivering there speak for it. */
  readonly delivery?: BucketRead;
  /** The only regions its input can hold, when the path given says so (region-folder.ts). */
  readonly regions?: readonly string[];
  read(window: ActivityWindow): AsyncIterable<readonly ActivityItem[]>;
  /**
   * Optional: aggregates the records itself (files parsed in worker threads), yielding the parts
   * of its input in input order, each read over fixed boundaries so that the merged result does
   * not depend on how many threads did the work.
   */
  aggregate?(setup: AggregateSetup): AsyncIterable<ActivityPart>;
}

/** One part of a source's input, aggregated apart: merged in order into the run's aggregate. */
export interface ActivityPart {
  aggregate: AggregatePart;
  coverage: CoveragePart;
  /** Items (records, warnings) read, for progress. */
  items: number;
}
