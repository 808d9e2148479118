import type { TrailLogging } from "./trail-logging.js";

/** A trail bucket read for delivery files under a trail's key prefix (`--cloudtrail-s3 s3://bucket/prefix`). */
export interface BucketRead {
  bucket: string;
  prefix?: string;
}

/**
 * The trails whose files the buckets read hold: a trail delivers under
 * `<bucket>/[<prefix>/]AWSLogs/`, and only what such a trail logs can show a call unmade. An
 * account's other trails (one logging S3 object events into a bucket of its own, not read) record
 * calls these files never show, and counting their selectors made those calls look unused. A trail
 * whose delivery is not known is kept, as before.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/get-and-view-cloudtrail-log-files.html
 */
export function deliveringTo(logging: readonly TrailLogging[], reads: readonly BucketRead[]): TrailLogging[] {
  return logging.filter(
    ({ delivery }) =>
      !delivery ||
      reads.some(
        ({ bucket, prefix }) => bucket === delivery.bucket && trimmed(prefix) === trimmed(delivery.prefix),
      ),
  );
}

/** A key prefix as the bucket source reads it (`logs/` and `/logs` are `logs`). */
function trimmed(prefix: string | undefined): string {
  return (prefix ?? "").replace(/^\/+|\/+$/g, "");
}
