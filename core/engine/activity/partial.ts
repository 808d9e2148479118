import { compare } from "./action-state.js";
import { podIdentityRole } from "./pod-identity.js";
import { isFailedSignIn } from "./record.js";
import { normalizeTime } from "./time.js";
import type {
  ActivityItem,
  ActivitySummary,
  ActivityWindow,
  CloudTrailEvent,
  CloudTrailUserIdentity,
  SourceWarning,
} from "./types.js";

/** One day of one region of one account in a trail's bucket: the unit a deployed run fans out over. */
export interface TrailPartition {
  account: string;
  region: string;
  /** `yyyy/mm/dd`, as the trail lays it out. */
  day: string;
  /** The S3 prefix holding the partition's delivery files. */
  prefix: string;
}

/**
 * What one partition's reading left: its records grouped into summaries (every field the engine
 * reads, times spanning the group), what could not be read, and how much was read.
 */
export interface PartialAggregate {
  partition: TrailPartition;
  summaries: ActivitySummary[];
  warnings: SourceWarning[];
  /** Warnings beyond those kept. */
  warningsDropped: number;
  /** Records read, and records outside the run's window (not summarized). */
  records: number;
  outsideWindow: number;
  /** The partition held at least one delivery file. */
  delivered: boolean;
}

const MAX_WARNINGS = 200;

/**
 * Groups one partition's records by everything the engine reads of a record except its time, so
 * that the summaries, aggregated, give the engine exactly what the records would: attribution,
 * authorizations, resources and call context all derive from the kept fields. Records outside the
 * window are counted and dropped here, so a group never straddles the window's edge.
 */
export class PartialBuilder {
  private readonly groups = new Map<string, ActivitySummary>();
  private readonly warnings: SourceWarning[] = [];
  private warningsDropped = 0;
  private records = 0;
  private outsideWindow = 0;
  private delivered = false;

  constructor(
    private readonly partition: TrailPartition,
    private readonly window: Pick<ActivityWindow, "start" | "end">,
  ) {}

  add(item: ActivityItem): void {
    if (item.kind === "warning") {
      if (this.warnings.length < MAX_WARNINGS) this.warnings.push(item.warning);
      else this.warningsDropped++;
      return;
    }
    if (item.kind === "extent") {
      if (item.extent.delivered?.some((d) => d.days.length > 0)) this.delivered = true;
      return;
    }
    if (item.kind !== "event") return;
    this.records++;
    const time = normalizeTime(item.event.eventTime);
    if (time === undefined) {
      this.add({
        kind: "warning",
        warning: {
          origin: this.partition.prefix,
          code: "invalid-record",
          message: `unreadable time ${item.event.eventTime}`,
        },
      });
      return;
    }
    if (time < this.window.start || time >= this.window.end) {
      this.outsideWindow++;
      return;
    }
    const event = projectEvent(item.event);
    let key: string;
    try {
      key = canonicalJson(event);
    } catch (error) {
      // JSON.parse reads any depth; a record nested deeper than the call stack is set aside alone,
      // rather than failing the partition and losing its other records.
      if (!(error instanceof RangeError)) throw error;
      this.add({
        kind: "warning",
        warning: {
          origin: this.partition.prefix,
          code: "invalid-record",
          message: `${item.event.eventSource} ${item.event.eventName}: the record nests too deeply to read`,
        },
      });
      return;
    }
    const group = this.groups.get(key);
    if (!group)
      this.groups.set(key, {
        event: { ...event, eventTime: time },
        count: 1,
        firstSeen: time,
        lastSeen: time,
      });
    else {
      group.count++;
      if (time < group.firstSeen) group.firstSeen = group.event.eventTime = time;
      if (time > group.lastSeen) group.lastSeen = time;
    }
  }

  result(): PartialAggregate {
    return {
      partition: this.partition,
      summaries: [...this.groups.entries()].sort(([a], [b]) => compare(a, b)).map(([, s]) => s),
      warnings: this.warnings,
      warningsDropped: this.warningsDropped,
      records: this.records,
      outsideWindow: this.outsideWindow,
      delivered: this.delivered,
    };
  }
}

/** The record without its time, reduced to the fields attribution and authorization read. */
export function projectEvent(event: CloudTrailEvent): Omit<CloudTrailEvent, "eventTime"> {
  const { eventSource, eventName, eventType, awsRegion, errorCode, recipientAccountId } = event;
  const { sourceIPAddress, vpcEndpointId, requestParameters, resources } = event;
  const podRole = podIdentityRole(event);
  return defined({
    eventSource,
    eventName,
    eventType,
    awsRegion,
    errorCode,
    recipientAccountId,
    sourceIPAddress,
    vpcEndpointId,
    // Kept for refused sign-ins only: the message of other calls varies with their resources.
    errorMessage: isFailedSignIn(event) ? (event.errorMessage ?? "Failure") : undefined,
    userIdentity: event.userIdentity ? identity(event.userIdentity) : undefined,
    requestParameters,
    // The answer only where it names the role a pod took: its other fields vary with every call.
    responseElements: podRole ? { assumedRoleUser: { arn: podRole } } : undefined,
    resources: resources?.map((r) =>
      defined({ ARN: r.ARN, ARNPrefix: r.ARNPrefix, accountId: r.accountId, type: r.type }),
    ),
  });
}

/**
 * The identity fields attribution reads. A role session's own ARN, id and key change every
 * session and are dropped when the session names its role; a user's or root's long-term key is kept.
 */
function identity(id: CloudTrailUserIdentity): CloudTrailUserIdentity {
  const issuer = id.sessionContext?.sessionIssuer;
  const namedRole = id.type === "AssumedRole" && typeof issuer?.arn === "string" && issuer.arn !== "";
  const signer = id.type === "IAMUser" || id.type === "Root";
  return defined({
    type: id.type,
    principalId: namedRole ? undefined : id.principalId,
    arn: namedRole ? undefined : id.arn,
    accountId: id.accountId,
    accessKeyId: signer ? id.accessKeyId : undefined,
    userName: id.userName,
    invokedBy: id.invokedBy,
    sessionContext:
      issuer || id.sessionContext?.webIdFederationData
        ? defined({
            sessionIssuer: issuer
              ? defined({
                  type: issuer.type,
                  // A federated session's issuing user, told by its unique id when renamed since.
                  principalId: issuer.principalId,
                  arn: issuer.arn,
                  accountId: issuer.accountId,
                  userName: issuer.userName,
                })
              : undefined,
            webIdFederationData: id.sessionContext?.webIdFederationData,
          })
        : undefined,
  });
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** JSON with object keys sorted at every depth: equal records give equal keys whatever their field order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => compare(a, b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * Merges partitions' partial aggregates into one stream of items: equal groups summed (count,
 * earliest and latest time), groups and warnings in a canonical order, then what was read (the
 * accounts and regions of the partitions) and whether every expected partition left its partial.
 * The result is the same whatever order the partials arrive in.
 */
export function mergePartials(
  partials: readonly PartialAggregate[],
  missing: readonly { partition: TrailPartition; message: string }[] = [],
): ActivityItem[] {
  const groups = new Map<string, ActivitySummary>();
  const warnings: SourceWarning[] = [];
  let dropped = 0;
  for (const partial of partials) {
    for (const summary of partial.summaries) {
      const key = canonicalJson(projectEvent(summary.event));
      const group = groups.get(key);
      if (!group) groups.set(key, { ...summary, event: { ...summary.event } });
      else {
        group.count += summary.count;
        if (summary.firstSeen < group.firstSeen) group.firstSeen = group.event.eventTime = summary.firstSeen;
        if (summary.lastSeen > group.lastSeen) group.lastSeen = summary.lastSeen;
      }
    }
    warnings.push(...partial.warnings);
    dropped += partial.warningsDropped;
  }
  for (const { partition, message } of missing)
    warnings.push({ origin: partition.prefix, code: "source-failed", message });
  if (dropped > 0)
    warnings.push({
      origin: "partitions",
      code: "source-failed",
      message: `${dropped} more problem(s) not kept`,
    });
  warnings.sort(
    (a, b) => compare(a.origin, b.origin) || compare(a.code, b.code) || compare(a.message, b.message),
  );
  const read = [...partials.map((p) => p.partition)];
  const delivered = new Map<string, { account: string; region: string; days: string[] }>();
  for (const { partition, delivered: held } of partials) {
    const key = `${partition.account} ${partition.region}`;
    const entry = delivered.get(key) ?? { account: partition.account, region: partition.region, days: [] };
    delivered.set(key, entry);
    if (held) entry.days.push(partition.day.replaceAll("/", "-"));
  }
  const items: ActivityItem[] = [...groups.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(([, summary]) => ({ kind: "summary", summary }));
  for (const warning of warnings) items.push({ kind: "warning", warning });
  items.push({
    kind: "extent",
    extent: {
      accounts: [...new Set(read.map((p) => p.account))].sort(),
      regions: [...new Set(read.map((p) => p.region))].sort(),
      delivered: [...delivered.entries()]
        .sort(([a], [b]) => compare(a, b))
        .map(([, d]) => ({ ...d, days: [...new Set(d.days)].sort() })),
      complete: missing.length === 0,
    },
  });
  return items;
}
