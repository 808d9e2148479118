import type { TrailLogging } from "./trail-logging.js";

/** A region's folder in a trail's layout: `.../CloudTrail/<region>/...`. */
const REGION_FOLDER = /(?:^|[\\/])CloudTrail[\\/]([a-z]{2}(?:-[a-z]+)+-\d)(?:[\\/]|$)/;

/**
 * The regions a source's paths confine it to, when each path given is inside one region's folder
 * (a copy of `AWSLogs/<account>/CloudTrail/us-east-1/`): its files hold those regions' events
 * alone, whatever regions the trail records. Undefined when some path is not.
 */
export function regionFolders(paths: readonly string[]): string[] | undefined {
  const regions = paths.map((p) => REGION_FOLDER.exec(p)?.[1]);
  if (regions.length === 0 || regions.some((r) => r === undefined)) return undefined;
  return [...new Set(regions as string[])].sort();
}

/** What a trail records that a source confined to these regions can show. */
export function confinedTo(logging: TrailLogging, regions: readonly string[]): TrailLogging {
  return { ...logging, regions: (logging.regions ?? regions).filter((r) => regions.includes(r)) };
}
