import type { BucketRead } from "./trail-delivery.js";
import type { TrailLogging } from "./trail-logging.js";

/**
 * The trails whose files a source may hold, as alternatives: trails delivering to one bucket and
 * key prefix share their folders (a copy of them holds every such trail's files), while files of
 * trails delivering elsewhere, or of trails whose delivery is not known, cannot be told apart: a
 * delivery file names no trail. A source that may hold either of two such groups is counted on
 * only for what each records: a folder of trail A's files judged by trail B's data selectors
 * showed B's data events unmade though none of B's files was read. With the bucket the source
 * reads known, only the trails delivering there remain (when any does).
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/get-and-view-cloudtrail-log-files.html
 */
export function trailAlternatives(trails: readonly TrailLogging[], read?: BucketRead): TrailLogging[][] {
  const groups = new Map<string, TrailLogging[]>();
  trails.forEach((trail, i) => {
    const key = trail.delivery ? `${trail.delivery.bucket}/${trimmed(trail.delivery.prefix)}` : `#${i}`;
    groups.set(key, [...(groups.get(key) ?? []), trail]);
  });
  if (read) {
    const own = groups.get(`${read.bucket}/${trimmed(read.prefix)}`);
    if (own) return [own];
  }
  return [...groups.values()];
}

/**
 * What the sources read together certainly record, by `records` (true for a list of trails when
 * they record the thing; more trails never record less): the trails of sources with one
 * alternative are read for sure, and of each other source one alternative at least. Every
 * combination then holds the certain trails and, for some source, each of its alternatives.
 */
export function certainlyRecorded(
  alternatives: readonly (readonly (readonly TrailLogging[])[])[],
  records: (trails: readonly TrailLogging[]) => boolean,
): boolean {
  const certain = alternatives.filter((a) => a.length === 1).flatMap((a) => a[0]!);
  if (records(certain)) return true;
  return alternatives.some((a) => a.length > 1 && a.every((trails) => records([...certain, ...trails])));
}

function trimmed(prefix: string | undefined): string {
  return (prefix ?? "").replace(/^\/+|\/+$/g, "");
}
