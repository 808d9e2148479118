import { EventSelectorsError, parseEventSelectors } from "../engine/activity/event-selectors.js";
import {
  type TrailDescription,
  trailDescriptions,
  withDescriptions,
} from "../engine/activity/trail-descriptions.js";
import type { TrailLogging } from "../engine/activity/trail-logging.js";
import { readTextFile } from "./text-file.js";

/**
 * `--event-selectors FILE...`: each the JSON `aws cloudtrail get-event-selectors` prints, or the
 * JSON of `aws cloudtrail describe-trails` or `get-trail`, which says whether a trail records every
 * region (joined to the selectors by trail ARN or name).
 */
export async function readEventSelectorsFiles(paths: readonly string[]): Promise<TrailLogging[]> {
  const logging: TrailLogging[] = [];
  const descriptions: TrailDescription[] = [];
  for (const path of paths) {
    let document: unknown;
    try {
      document = JSON.parse(await readTextFile(path));
    } catch (cause) {
      throw new EventSelectorsError(`--event-selectors ${path}: ${(cause as Error).message}`, { cause });
    }
    const described = trailDescriptions(document);
    if (described) descriptions.push(...described);
    else logging.push(parseEventSelectors(document, path));
  }
  return withDescriptions(logging, descriptions);
}
