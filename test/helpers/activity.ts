import { readFileSync } from "node:fs";
import { ActivityAggregator } from "../../core/engine/activity/aggregate.js";
import { itemsFromText } from "../../core/engine/activity/documents.js";
import type { ActivityAggregate } from "../../core/engine/activity/usage.js";
import { catalog } from "./catalog.js";

/** Aggregates CloudTrail files (delivery files or arrays of records) as the audit would. */
export function aggregateFiles(...paths: string[]): ActivityAggregate {
  const aggregator = new ActivityAggregator(catalog);
  for (const path of paths)
    for (const item of itemsFromText(readFileSync(path, "utf8"), path)) aggregator.add(item);
  return aggregator.result();
}
