import { readFileSync } from "node:fs";
import { ActivityAggregator } from "../../core/engine/activity/aggregate.js";
import { itemsFromText } from "../../core/engine/activity/documents.js";
import type { CloudTrailEvent } from "../../core/engine/activity/types.js";
import type { ActivityAggregate } from "../../core/engine/activity/usage.js";
import { catalog } from "./catalog.js";

/** Aggregates CloudTrail files (delivery files or arrays of records) as the audit would. */
export function aggregateFiles(...paths: string[]): ActivityAggregate {
  const aggregator = new ActivityAggregator(catalog);
  for (const path of paths)
    for (const item of itemsFromText(readFileSync(path, "utf8"), path)) aggregator.add(item);
  return aggregator.result();
}

/** A call of `service` in account 123456789012 (eu-west-1) with these parameters, and resources if given. */
export function serviceCall(
  service: string,
  eventName: string,
  requestParameters: Record<string, unknown>,
  resources?: string[],
): CloudTrailEvent {
  return {
    eventSource: `${service}.amazonaws.com`,
    eventName,
    eventTime: "2026-11-01T00:00:00Z",
    awsRegion: "eu-west-1",
    recipientAccountId: "123456789012",
    requestParameters,
    ...(resources ? { resources: resources.map((ARN) => ({ ARN })) } : {}),
  };
}
