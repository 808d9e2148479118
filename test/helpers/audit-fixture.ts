import { defaultLogging, type TrailLogging } from "../../core/engine/activity/trail-logging.js";
import type { ActivityItem, ActivitySource, CloudTrailEvent } from "../../core/engine/activity/types.js";
import { auditConfig } from "../../core/engine/audit/config.js";
import type { Recommender } from "../../core/engine/audit/recommend-job.js";
import { runAudit } from "../../core/engine/audit.js";
import type { Report } from "../../core/engine/report/schema.js";
import type { Snapshot } from "../../core/engine/snapshot/model.js";
import { catalog } from "./catalog.js";
import { ACCOUNT } from "./snapshot-fixture.js";

/** When the fixture audits run: the 90 days before it hold the fixtures' events. */
export const AUDIT_NOW = new Date("2026-06-01T00:00:00Z");

/** A record inside the fixture audits' window, in us-east-1 unless `e` says otherwise. */
export const eventItem = (e: Partial<CloudTrailEvent>): ActivityItem => ({
  kind: "event",
  event: {
    eventTime: "2026-05-20T00:00:00Z",
    awsRegion: "us-east-1",
    recipientAccountId: ACCOUNT,
    ...e,
  } as CloudTrailEvent,
});

/** The identity of a session of the fixture account's role `arn`, named `name`, as CloudTrail writes it. */
export const roleSession = (arn: string, name: string) => ({
  type: "AssumedRole",
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${name}/s`,
  accountId: ACCOUNT,
  sessionContext: { sessionIssuer: { type: "Role", arn } },
});

/** A record of `role`'s session listing buckets, as a trail's delivery file or LookupEvents holds it. */
export const listBucketsRecord = (
  role: { arn: string; name: string },
  eventTime: string,
  awsRegion: string,
) => ({
  eventVersion: "1.08",
  eventSource: "s3.amazonaws.com",
  eventName: "ListBuckets",
  eventTime,
  awsRegion,
  recipientAccountId: ACCOUNT,
  readOnly: true,
  userIdentity: roleSession(role.arn, role.name),
});

/**
 * A whole engine audit of a snapshot and one trail of these items, as of AUDIT_NOW: a trail
 * described as logging every management event (and the configuration's `loggedDataEvents`), in
 * the regions its files show. The fixture records carry no eventVersion, managementEvent or
 * readOnly, so they cannot show which management events the trail logs: read undescribed, it
 * would be counted on for none. `auditWith` without `logging` reads them undescribed.
 */
export function auditOf(
  snapshot: Snapshot,
  items: ActivityItem[],
  config: unknown = {},
  recommender?: Recommender,
): Promise<Report> {
  const logging = [
    { ...defaultLogging(auditConfig(config).activity.loggedDataEvents), regionsUnknown: true as const },
  ];
  return auditWith(snapshot, items, { config, logging, ...(recommender ? { recommender } : {}) });
}

/** `auditOf` with what the trail is known to log (`logging`), for tests of partial trails. */
export function auditWith(
  snapshot: Snapshot,
  items: ActivityItem[],
  options: { config?: unknown; recommender?: Recommender; logging?: TrailLogging[] },
): Promise<Report> {
  const trail: ActivitySource = {
    description: "fixture trail",
    async *read() {
      yield items;
    },
  };
  const { config = {}, recommender, logging } = options;
  return runAudit(
    {
      snapshot: { description: "fixture", load: async () => snapshot },
      activity: [trail],
      ...(logging ? { logging } : {}),
    },
    {
      catalog,
      now: AUDIT_NOW,
      days: 90,
      version: "test",
      config: auditConfig(config),
      ...(recommender ? { recommender } : {}),
    },
  );
}

/** An IAM user of the fixture account calling s3:ListBuckets inside the fixture audits' window. */
export function listBucketsBy(userName: string): ActivityItem {
  return {
    kind: "event",
    event: {
      eventTime: "2026-05-20T00:00:00Z",
      awsRegion: "us-east-1",
      recipientAccountId: ACCOUNT,
      eventSource: "s3.amazonaws.com",
      eventName: "ListBuckets",
      userIdentity: {
        type: "IAMUser",
        arn: `arn:aws:iam::${ACCOUNT}:user/${userName}`,
        accountId: ACCOUNT,
        userName,
      },
    } as CloudTrailEvent,
  };
}
