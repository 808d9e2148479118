import type { Readable } from "node:stream";
import {
  GetObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  type S3Client,
} from "@aws-sdk/client-s3";
import { holdsDay } from "../engine/activity/delivery-days.js";
import { itemsFromText, warning } from "../engine/activity/documents.js";
import { ActivitySourceError } from "../engine/activity/errors.js";
import type { TrailPartition } from "../engine/activity/partial.js";
import type {
  ActivityItem,
  ActivitySource,
  ActivityWindow,
  DeliveredDays,
} from "../engine/activity/types.js";
import { boundedStream } from "../node/concurrency.js";
import { utf8Text } from "../node/text-file.js";
import { MAX_TRAIL_FILE_BYTES, TrailFileTooLargeError, trailFileBytes } from "../node/trail-bytes.js";
import { ACCOUNT_ID, deliveryDays, logsRoot, ORGANIZATION_ID } from "./cloudtrail-s3-layout.js";
import { pageTokens } from "./page-tokens.js";

export interface CloudTrailS3Options {
  s3: S3Client;
  bucket: string;
  /** The trail's S3 key prefix, if it has one (the part before `AWSLogs/`). */
  prefix?: string;
  /** Read only these accounts / regions; default: every one the bucket holds. */
  accounts?: readonly string[];
  regions?: readonly string[];
  /** Objects downloaded at once. */
  concurrency?: number;
  /** An object's size once decompressed, at most (default MAX_TRAIL_FILE_BYTES): larger is unreadable. */
  maxFileBytes?: number;
}

/**
 * A trail's log bucket (`--cloudtrail-s3`). Lists only the date partitions that may hold the
 * window's records (deliveryDays: those of its days and the next day's), downloads with bounded
 * parallelism, decompresses what its bytes show is gzip, and yields files in key order. A damaged object
 * becomes a warning; an unreadable bucket is an ActivitySourceError.
 */
export function cloudTrailS3Source(options: CloudTrailS3Options): ActivitySource {
  return {
    description: `CloudTrail S3: s3://${options.bucket}/${logsRoot(options.prefix)}`,
    delivery: { bucket: options.bucket, ...(options.prefix ? { prefix: options.prefix } : {}) },
    read: (window) => read(options, window),
  };
}

/**
 * Ends with what was listed: the accounts and regions whose day partitions were read, and the days
 * each held a delivery file (a day without one is a gap in the evidence).
 */
async function* read(options: CloudTrailS3Options, window: ActivityWindow): AsyncGenerator<ActivityItem[]> {
  const listed = { accounts: new Set<string>(), regions: new Set<string>() };
  const delivered = new Map<string, DeliveredDays & { days: string[] }>();
  const objects = listObjects(options, dayPrefixes(options, window, listed, delivered));
  yield* boundedStream(objects, options.concurrency ?? 8, (object) => fetchHeld(options, object));
  const extent = {
    accounts: [...listed.accounts],
    regions: [...listed.regions],
    // Days in order, whichever file was read first.
    delivered: [...delivered.values()].map((d) => ({ ...d, days: [...d.days].sort() })),
  };
  yield [{ kind: "extent", extent }];
}

interface DayPartition {
  prefix: string;
  /** Where the partition's day goes once a file of it holds a record of that day. */
  days: string[];
  day: string;
}

async function* dayPrefixes(
  options: CloudTrailS3Options,
  window: ActivityWindow,
  listed: { accounts: Set<string>; regions: Set<string> },
  delivered: Map<string, DeliveredDays & { days: string[] }>,
): AsyncGenerator<DayPartition> {
  const days = deliveryDays(window);
  for await (const accountBase of accountBases(options)) {
    const account = /(\d{12})\/$/.exec(accountBase)?.[1] ?? accountBase;
    listed.accounts.add(account);
    for (const regionBase of await children(options, `${accountBase}CloudTrail/`)) {
      const region = regionBase.slice(`${accountBase}CloudTrail/`.length, -1);
      if (options.regions && !options.regions.includes(region)) continue;
      listed.regions.add(region);
      const found: string[] = [];
      delivered.set(`${account} ${region}`, { account, region, days: found });
      for (const day of days)
        yield { prefix: `${regionBase}${day}/`, days: found, day: day.replaceAll("/", "-") };
    }
  }
}

/**
 * The window's day partitions of every account and region the bucket holds (or those asked for):
 * the items a deployed run fans out over, each read by readPartition in its own invocation.
 */
export async function listPartitions(
  options: CloudTrailS3Options,
  window: ActivityWindow,
): Promise<TrailPartition[]> {
  const partitions: TrailPartition[] = [];
  const days = deliveryDays(window);
  for await (const accountBase of accountBases(options)) {
    const account = /(\d{12})\/$/.exec(accountBase)?.[1] ?? accountBase;
    for (const regionBase of await children(options, `${accountBase}CloudTrail/`)) {
      const region = regionBase.slice(`${accountBase}CloudTrail/`.length, -1);
      if (options.regions && !options.regions.includes(region)) continue;
      for (const day of days) partitions.push({ account, region, day, prefix: `${regionBase}${day}/` });
    }
  }
  return partitions;
}

/**
 * One partition's delivery files, downloaded with bounded parallelism, in key order; ends with the
 * partition as read (its day delivered when it held a file).
 */
export async function* readPartition(
  options: CloudTrailS3Options,
  partition: TrailPartition,
): AsyncGenerator<ActivityItem[]> {
  const found: string[] = [];
  const day = partition.day.replaceAll("/", "-");
  const prefixes = (async function* () {
    yield { prefix: partition.prefix, days: found, day };
  })();
  yield* boundedStream(listObjects(options, prefixes), options.concurrency ?? 8, (object) =>
    fetchHeld(options, object),
  );
  const { account, region } = partition;
  yield [
    {
      kind: "extent",
      extent: { accounts: [account], regions: [region], delivered: [{ account, region, days: found }] },
    },
  ];
}

async function* accountBases(options: CloudTrailS3Options): AsyncGenerator<string> {
  const root = logsRoot(options.prefix);
  for (const child of await children(options, root)) {
    const name = child.slice(root.length, -1);
    if (ACCOUNT_ID.test(name)) {
      if (!options.accounts || options.accounts.includes(name)) yield child;
    } else if (ORGANIZATION_ID.test(name)) {
      for (const member of await children(options, child)) {
        const account = member.slice(child.length, -1);
        if (ACCOUNT_ID.test(account) && (!options.accounts || options.accounts.includes(account)))
          yield member;
      }
    }
  }
}

/** The "folders" directly under a prefix. */
async function children(options: CloudTrailS3Options, prefix: string): Promise<string[]> {
  const found: string[] = [];
  for await (const page of pages(options, prefix, "/")) {
    for (const common of page.CommonPrefixes ?? []) if (common.Prefix) found.push(common.Prefix);
  }
  return found.sort();
}

/** A delivery file listed in its day's partition. */
interface ListedObject {
  key: string;
  partition: DayPartition;
}

async function* listObjects(
  options: CloudTrailS3Options,
  partitions: AsyncIterable<DayPartition>,
): AsyncGenerator<ListedObject> {
  for await (const partition of partitions) {
    const keys: string[] = [];
    for await (const page of pages(options, partition.prefix)) {
      for (const object of page.Contents ?? [])
        if (object.Key && /\.json(\.gz)?$/.test(object.Key)) keys.push(object.Key);
    }
    for (const key of keys.sort()) yield { key, partition };
  }
}

/** A file's records; its partition's day counts delivered once a file of it holds a record of that day (holdsDay). */
async function fetchHeld(
  options: CloudTrailS3Options,
  { key, partition }: ListedObject,
): Promise<ActivityItem[]> {
  const items = await fetch(options, key);
  if (holdsDay(items, partition.day) && !partition.days.includes(partition.day))
    partition.days.push(partition.day);
  return items;
}

async function* pages(
  options: CloudTrailS3Options,
  prefix: string,
  delimiter?: string,
): AsyncGenerator<ListObjectsV2CommandOutput> {
  const next = pageTokens("ListObjectsV2");
  let token: string | undefined;
  do {
    let page: ListObjectsV2CommandOutput;
    try {
      page = await options.s3.send(
        new ListObjectsV2Command({
          Bucket: options.bucket,
          Prefix: prefix,
          ...(delimiter ? { Delimiter: delimiter } : {}),
          ...(token ? { ContinuationToken: token } : {}),
        }),
      );
    } catch (cause) {
      throw new ActivitySourceError(
        `cannot list s3://${options.bucket}/${prefix}: ${(cause as Error).message}`,
        {
          cause,
        },
      );
    }
    try {
      token = next(page.NextContinuationToken, page.IsTruncated);
    } catch (cause) {
      throw new ActivitySourceError(
        `cannot list s3://${options.bucket}/${prefix}: ${(cause as Error).message}`,
        {
          cause,
        },
      );
    }
    yield page;
  } while (token);
}

async function fetch(options: CloudTrailS3Options, key: string): Promise<ActivityItem[]> {
  const origin = `s3://${options.bucket}/${key}`;
  const maxBytes = options.maxFileBytes ?? MAX_TRAIL_FILE_BYTES;
  try {
    const object = await options.s3.send(new GetObjectCommand({ Bucket: options.bucket, Key: key }));
    const body = object.Body as Readable | undefined;
    if (!body) return [warning(origin, "unreadable", "empty object body")];
    // Decompressed by what the bytes are, as local files are, not by the key's suffix: an object
    // copied in under the other name (or uploaded with Content-Encoding: gzip, which the SDK does not
    // undo) is read, not refused for a reason that is not its own.
    const bytes = await trailFileBytes(await readBody(body, maxBytes), maxBytes);
    // Bytes that are not UTF-8 make the object unreadable, as they do a local file: decoded
    // leniently, each became U+FFFD and the records named resources that are not the account's.
    return itemsFromText(utf8Text(bytes), origin);
  } catch (cause) {
    return [warning(origin, "unreadable", (cause as Error).message)];
  }
}

/** Collects an object's bytes, at most `maxBytes` of them; an error rejects instead of hanging. */
function readBody(stream: Readable, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    stream.once("error", reject);
    stream.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= maxBytes) return chunks.push(chunk);
      stream.destroy();
      reject(new TrailFileTooLargeError(maxBytes));
    });
    stream.once("end", () => resolve(Buffer.concat(chunks)));
  });
}
