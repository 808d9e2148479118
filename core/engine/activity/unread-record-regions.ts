import type { TrailLogging } from "./trail-logging.js";

/**
 * The regions whose files a trail of every region records more than their own calls in, that
 * the files read show nothing of: the partition's global-events region (us-east-1), where
 * IAM's, STS's global endpoint's, CloudFront's and console sign-in events are recorded, and the
 * trail's home region, the only one it can be updated from, where its own StopLogging or
 * PutEventSelectors is. A copy without those
 * folders shows no AssumeRole made through sts.amazonaws.com and no stop of the trail, however
 * complete its other regions are: a region holding no file is otherwise taken as a quiet one.
 * Empty for a trail of some regions only (never counted on), or when no file was read.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-create-and-update-a-trail-by-using-the-aws-cli-update-trail.html
 */
export function unreadRecordRegions(trail: TrailLogging, shown: readonly string[] | undefined): string[] {
  if (trail.regions !== undefined || shown === undefined) return [];
  const needed = new Set([
    globalEventsRegion(trail.home ?? shown[0] ?? ""),
    ...(trail.home ? [trail.home] : []),
  ]);
  return [...needed].filter((region) => !shown.includes(region)).sort();
}

/** Where a partition's global service events are recorded, by one of its regions. */
function globalEventsRegion(region: string): string {
  if (region.startsWith("cn-")) return "cn-north-1";
  if (region.startsWith("us-gov-")) return "us-gov-west-1";
  return "us-east-1";
}
