import type { TrailLogging } from "./trail-logging.js";

/**
 * The regions every account has enabled (all but the opt-in ones, which AWS has launched since
 * March 2019): a trail's files can show it records every region only by holding these.
 * https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html
 */
export const DEFAULT_REGIONS: readonly string[] = [
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-southeast-1",
  "ap-southeast-2",
  "ca-central-1",
  "eu-central-1",
  "eu-north-1",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "sa-east-1",
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
];

/**
 * What an undescribed trail can be counted on to record, from the regions its delivery files
 * (or, without a folder layout, its records) show: only those. A copy of a single-region trail
 * looks like that of a trail of every region that was quiet elsewhere, and a call made in a region
 * it never records would look unmade. Files of every default region can only come from a trail of
 * every region (which also records the opt-in regions once enabled); anything less keeps the
 * regions shown, so that, as for a trail described as single-region, no call can be called
 * unused. A source that shows no region this way (LookupEvents, records handed over without
 * delivery files) keeps what it was told.
 */
export function shownRegions(logging: TrailLogging, regions: readonly string[]): TrailLogging {
  if (logging.regions !== undefined || DEFAULT_REGIONS.every((r) => regions.includes(r))) return logging;
  return { ...logging, regions: [...regions].sort() };
}

/** The regions of the other partitions, each enabled for every account of its partition. */
const OTHER_PARTITIONS: readonly (readonly string[])[] = [
  ["cn-north-1", "cn-northwest-1"],
  ["us-gov-east-1", "us-gov-west-1"],
];

/**
 * The regions a source declares its input confined to, as the only regions it can hold (an Athena
 * table whose region projection enumerates them: a region left out is never queried), when that
 * confines what a trail of every region shows: some region every account of the partition has
 * enabled is left out. A projection listing them all is not taken to leave anything out (an
 * opt-in region it omits stays unknown here, as no list of the enabled regions is at hand).
 * https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html
 */
export function projectedRegions(regions: readonly string[] | undefined): string[] | undefined {
  if (!regions) return undefined;
  const enabled = OTHER_PARTITIONS.find((p) => regions.some((r) => p.includes(r))) ?? DEFAULT_REGIONS;
  return enabled.every((r) => regions.includes(r)) ? undefined : [...regions].sort();
}
