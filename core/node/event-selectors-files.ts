import { readFile } from "node:fs/promises";
import { EventSelectorsError, parseEventSelectors } from "../engine/activity/event-selectors.js";
import type { TrailLogging } from "../engine/activity/trail-logging.js";

/** `--event-selectors FILE...`: each the JSON `aws cloudtrail get-event-selectors` prints. */
export async function readEventSelectorsFiles(paths: readonly string[]): Promise<TrailLogging[]> {
  const logging: TrailLogging[] = [];
  for (const path of paths) {
    let document: unknown;
    try {
      document = JSON.parse(await readFile(path, "utf8"));
    } catch (cause) {
      throw new EventSelectorsError(`--event-selectors ${path}: ${(cause as Error).message}`, { cause });
    }
    logging.push(parseEventSelectors(document, path));
  }
  return logging;
}
