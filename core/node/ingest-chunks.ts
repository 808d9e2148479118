import { stat } from "node:fs/promises";
import { setImmediate as turn } from "node:timers/promises";
import { ActivityAggregator } from "../engine/activity/aggregate.js";
import type { AggregateSetup } from "../engine/activity/aggregate-part.js";
import { CoverageTracker } from "../engine/activity/coverage.js";
import { warning } from "../engine/activity/documents.js";
import { roleDirectory } from "../engine/activity/role-directory.js";
import type { ActivityItem, ActivityPart } from "../engine/activity/types.js";
import type { Catalog } from "../engine/catalog/catalog.js";
import { heldPlace, readDocument, readLines, walk } from "./cloudtrail-files.js";
import { boundedStream } from "./concurrency.js";
import { MAX_TRAIL_FILE_BYTES } from "./trail-bytes.js";

/** A file to read, or a path that could not be listed (a warning in its place in the order). */
export type ChunkEntry = { file: string } | { unreadable: string; message: string };

/**
 * The bounds of a chunk: fixed by the input alone (never by the number of threads), since a merged
 * aggregate depends on where parts begin and end once a bound on kept resources is reached.
 */
const CHUNK_FILES = 128;
const CHUNK_BYTES = 32 * 1024 * 1024;
/** Files read and decompressed ahead of the one being parsed: zlib's threads must not leave it idle. */
const READ_AHEAD = 2;

/**
 * The files under `paths` in the order a sequential read takes them, cut into chunks of at most
 * 128 files and 32 MB (a bigger file is a chunk of its own). Each chunk starts its bounded sets
 * empty and refills them, so bigger chunks cost less per event; 128 keeps 1 M events in eight.
 */
export async function* fileChunks(
  paths: readonly string[],
  note: (file: string) => void = () => {},
): AsyncGenerator<ChunkEntry[]> {
  let chunk: ChunkEntry[] = [];
  let bytes = 0;
  for (const path of paths) {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch (cause) {
      chunk.push({ unreadable: path, message: (cause as Error).message });
      continue;
    }
    const files = info.isDirectory() ? walk(path) : single(path);
    for await (const file of files) {
      note(file);
      const size = await stat(file).then(
        (s) => s.size,
        () => 0,
      );
      if (chunk.length > 0 && (chunk.length >= CHUNK_FILES || bytes + size > CHUNK_BYTES)) {
        yield chunk;
        chunk = [];
        bytes = 0;
      }
      chunk.push({ file });
      bytes += size;
    }
  }
  if (chunk.length > 0) yield chunk;
}

async function* single(path: string): AsyncGenerator<string> {
  yield path;
}

/**
 * Aggregates chunks one at a time with one aggregator (its authorizer and role directory built
 * once), handing each chunk's state over as a part. The next files are read and decompressed
 * (zlib works off this thread) while the current one is parsed.
 */
export function chunkAggregator(
  setup: AggregateSetup,
  catalog: Catalog,
  maxFileBytes = MAX_TRAIL_FILE_BYTES,
): (chunk: readonly ChunkEntry[]) => Promise<ActivityPart> {
  const aggregator = new ActivityAggregator(catalog, {
    window: setup.window,
    maxResources: setup.maxResources,
    roles: roleDirectory(setup.roles, setup),
    context: setup.context,
  });
  return async (chunk) => {
    const tracker = new CoverageTracker("", [], setup.window);
    let items = 0;
    const take = (batch: readonly ActivityItem[], path: string) => {
      for (const item of batch) {
        aggregator.add(item);
        tracker.add(item);
      }
      items += batch.length;
      // The days the file vouches for: the main thread lists the places, these threads read the records.
      const place = heldPlace(path, batch);
      if (place)
        tracker.add({
          kind: "extent",
          extent: { delivered: [{ account: place.account, region: place.region, days: [place.day] }] },
        });
    };
    const open = (entry: ChunkEntry) => readEntry(entry, maxFileBytes);
    for await (const read of boundedStream(entries(chunk), READ_AHEAD, open)) {
      if (read.kind === "lines")
        for await (const batch of readLines(read.path, maxFileBytes)) take(batch, read.path);
      else take(read.items(), read.path);
      // Files read ahead resume this loop without a turn of the event loop: the other threads'
      // parts, and their next chunks, would wait for the whole chunk to end, the threads idle.
      await turn();
    }
    return { aggregate: aggregator.takePart(), coverage: tracker.part(), items };
  };
}

async function* entries(chunk: readonly ChunkEntry[]): AsyncGenerator<ChunkEntry> {
  yield* chunk;
}

function readEntry(entry: ChunkEntry, maxBytes: number): ReturnType<typeof readDocument> {
  if ("file" in entry) return readDocument(entry.file, maxBytes);
  const items = [warning(entry.unreadable, "unreadable", entry.message)];
  return Promise.resolve({ kind: "document", path: entry.unreadable, items: () => items });
}
