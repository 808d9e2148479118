import {
  type CloudTrailS3Options,
  listPartitions,
  readPartition,
} from "../../core/aws/cloudtrail-s3-source.js";
import { workKey } from "../../core/aws/stores/index.js";
import {
  mergePartials,
  type PartialAggregate,
  PartialBuilder,
  type TrailPartition,
} from "../../core/engine/activity/partial.js";
import type { ActivitySource } from "../../core/engine/activity/types.js";
import { boundedMap } from "../../core/node/concurrency.js";
import type { Runtime } from "../runtime.js";
import { type RunState, runWindow } from "./run-state.js";

const PLAN = "partitions.json";
const partialName = (p: TrailPartition) =>
  `partials/${p.account}/${p.region}/${p.day.replaceAll("/", "-")}.json`;

function trail(rt: Runtime, run: RunState): CloudTrailS3Options {
  const { config } = rt;
  return {
    s3: rt.clients.s3,
    bucket: config.trailBucket ?? "",
    ...(config.trailPrefix ? { prefix: config.trailPrefix } : {}),
    ...(run.accountId ? { accounts: [run.accountId] } : {}),
  };
}

/** The fan-out's items: every day of the window for every account and region the bucket holds. */
export async function planPartitions(rt: Runtime, run: RunState) {
  const partitions = await listPartitions(trail(rt, run), runWindow(run, rt.config.days));
  await rt.reports.putWork(run.runId, PLAN, JSON.stringify(partitions));
  return {
    partitions: { bucket: rt.config.bucket, key: workKey(run.runId, PLAN), count: partitions.length },
  };
}

/** One partition read in its own invocation into a partial aggregate; returns nothing (map outputs stay small). */
export async function aggregatePartition(
  rt: Runtime,
  run: RunState,
  partition: TrailPartition,
): Promise<object> {
  const builder = new PartialBuilder(partition, runWindow(run, rt.config.days));
  for await (const batch of readPartition(trail(rt, run), partition))
    for (const item of batch) builder.add(item);
  await rt.reports.putWork(run.runId, partialName(partition), JSON.stringify(builder.result()));
  return {};
}

/** A partition whose reading failed past its retries: its partial says so, and the run's coverage will. */
export async function partitionFailed(
  rt: Runtime,
  run: RunState,
  partition: TrailPartition,
  error: string,
): Promise<object> {
  const failed: PartialAggregate = {
    partition,
    summaries: [],
    warnings: [
      { origin: `s3://${rt.config.trailBucket}/${partition.prefix}`, code: "source-failed", message: error },
    ],
    warningsDropped: 0,
    records: 0,
    outsideWindow: 0,
    delivered: false,
  };
  await rt.reports.putWork(run.runId, partialName(partition), JSON.stringify(failed));
  return {};
}

/**
 * The partitions' partials merged into the audit's activity: every planned partition's partial
 * read back (one never written is a failure of the source), merged in a canonical order.
 */
export function mergedTrailSource(rt: Runtime, run: RunState): ActivitySource {
  const root = `s3://${rt.config.trailBucket}/${rt.config.trailPrefix ?? ""}`;
  return {
    description: `CloudTrail S3: ${root} (by day and region)`,
    read: async function* () {
      const plan = JSON.parse(await rt.reports.getWork(run.runId, PLAN)) as TrailPartition[];
      const found = await boundedMap(plan, 16, async (partition) => {
        const text = await rt.reports.findWork(run.runId, partialName(partition));
        return {
          partition,
          partial: text === undefined ? undefined : (JSON.parse(text) as PartialAggregate),
        };
      });
      const partials = found.flatMap((f) => (f.partial ? [f.partial] : []));
      const missing = found
        .filter((f) => !f.partial)
        .map((f) => ({ partition: f.partition, message: "the partition's reading left no result" }));
      yield mergePartials(partials, missing);
    },
  };
}
