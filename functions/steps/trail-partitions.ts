import { readTrailLogging } from "../../core/aws/cloudtrail-event-selectors.js";
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
import { foreignTrailOwners, ownerItemKept } from "../../core/engine/activity/trail-owner.js";
import type { ActivitySource, ActivityWindow } from "../../core/engine/activity/types.js";
import { boundedMap } from "../../core/node/concurrency.js";
import { connect } from "../member-account.js";
import { logger } from "../middleware.js";
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

/**
 * The fan-out's items: every day of the window for every account and region the bucket holds (the
 * audited account's alone for a run of one account), and for a trail of another account that logs
 * data events (an organization trail seen from a member), its owner's days of its home region.
 */
export async function planPartitions(rt: Runtime, run: RunState) {
  const window = runWindow(run, rt.config.days);
  const partitions = [
    ...(await listPartitions(trail(rt, run), window)),
    ...(await ownerPartitions(rt, run, window)),
  ];
  await rt.reports.putWork(run.runId, PLAN, JSON.stringify(partitions));
  return {
    partitions: { bucket: rt.config.bucket, key: workKey(run.runId, PLAN), count: partitions.length },
  };
}

/**
 * An organization trail is stopped and its selectors changed by its owner, in its home region,
 * recorded in the owner's folder of that region alone: without those files the audit counts on
 * none of its data events (core/engine/activity/trail-owner.ts). Its owner's other regions and
 * trails of the account's own are not needed. Selectors or folders that cannot be read add nothing.
 */
async function ownerPartitions(
  rt: Runtime,
  run: RunState,
  window: ActivityWindow,
): Promise<TrailPartition[]> {
  const audited = run.accountId;
  if (!audited) return [];
  try {
    const logging = await readTrailLogging((await connect(rt, run)).cloudtrail);
    const found: TrailPartition[] = [];
    for (const { account, home } of foreignTrailOwners(logging, audited))
      found.push(
        ...(await listPartitions({ ...trail(rt, run), accounts: [account], regions: [home] }, window)),
      );
    return found;
  } catch (error) {
    // The run goes on as before: the audit then says which trail's changes it could not see.
    logger.warn("no trail owner's folder planned", { error: (error as Error).message });
    return [];
  }
}

/** One partition read in its own invocation into a partial aggregate; returns nothing (map outputs stay small). */
export async function aggregatePartition(
  rt: Runtime,
  run: RunState,
  partition: TrailPartition,
): Promise<object> {
  const builder = new PartialBuilder(partition, runWindow(run, rt.config.days));
  // A trail owner's partition is read for its trail's changes alone: its other calls are not the
  // audited account's, and were never read before.
  const ownerOnly = run.accountId !== undefined && partition.account !== run.accountId;
  for await (const batch of readPartition(trail(rt, run), partition))
    for (const item of batch) if (!ownerOnly || ownerItemKept(item)) builder.add(item);
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
