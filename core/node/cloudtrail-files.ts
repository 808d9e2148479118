import { closeSync, createReadStream, fstatSync, openSync, readFileSync, readSync } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { Transform } from "node:stream";
import { createGunzip } from "node:zlib";
import { holdsDay, layoutDay } from "../engine/activity/delivery-days.js";
import { itemsFromLine, itemsFromText, warning } from "../engine/activity/documents.js";
import { regionFolders } from "../engine/activity/region-folder.js";
import type { ActivityItem, ActivitySource } from "../engine/activity/types.js";
import { boundedStream } from "./concurrency.js";
import { STAGE_PREFIX } from "./file-set.js";
import { aggregateFiles } from "./ingest-pool.js";
import { MANIFEST, readManifest } from "./report-manifest.js";
import { utf8Stream, utf8Text } from "./text-file.js";
import { isGzip, MAX_TRAIL_FILE_BYTES, TrailFileTooLargeError, trailFileBytes } from "./trail-bytes.js";

const CLOUDTRAIL_FILE = /\.(json|jsonl|ndjson)(\.gz)?$/i;
const JSON_LINES = /\.(jsonl|ndjson)(\.gz)?$/i;

/**
 * CloudTrail records from local files and directories (`--cloudtrail PATH`): delivery files
 * `.json` / `.json.gz` found recursively, JSON lines, LookupEvents output. Files are yielded in
 * sorted path order so that runs over the same tree aggregate identically, while the next few
 * are already being read and decompressed (off the main thread) to keep it busy parsing. A file
 * that cannot be read becomes a warning naming it; the others are still read.
 *
 * With `workers`, the source also aggregates on its own: files are cut into fixed chunks,
 * parsed and aggregated in that many threads (this one and worker threads), and merged in order,
 * so the result is the same for any number of threads. `"auto"`: one per core (at most 4), and
 * this thread alone on a single core or for an input of a single chunk, where starting threads
 * costs more than they save.
 */
export function cloudTrailFileSource(
  paths: readonly string[],
  options: {
    readAhead?: number;
    workers?: number | "auto";
    /** A file's size once decompressed (a JSON-lines file's line's), at most: larger is unreadable. */
    maxFileBytes?: number;
  } = {},
): ActivitySource {
  const { workers } = options;
  const maxBytes = options.maxFileBytes ?? MAX_TRAIL_FILE_BYTES;
  const regions = regionFolders(paths);
  return {
    description: `CloudTrail files: ${paths.join(", ")}`,
    ...(regions ? { regions } : {}),
    read: () => readAll(paths, options.readAhead ?? 4, maxBytes),
    ...(workers === undefined
      ? {}
      : { aggregate: (setup) => aggregateFiles(paths, setup, workers, maxBytes) }),
  };
}

/**
 * Ends with the days each account and region's folders held a delivery file for, where the files
 * sit in a trail's layout (a copy of its bucket); files outside it let their records show the days.
 */
async function* readAll(
  paths: readonly string[],
  readAhead: number,
  maxBytes: number,
): AsyncGenerator<ActivityItem[]> {
  const log = deliveryLog();
  const note = log.note;
  for (const path of paths) {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch (cause) {
      yield [unreadable(path, cause)];
      continue;
    }
    const files = noted(info.isDirectory() ? walk(path) : single(path), note);
    for await (const file of boundedStream(files, readAhead, (file) => readDocument(file, maxBytes))) {
      if (file.kind === "lines")
        for await (const batch of readLines(file.path, maxBytes)) {
          log.held(file.path, batch);
          yield batch;
        }
      else {
        const items = file.items();
        log.held(file.path, items);
        yield items;
      }
    }
  }
  yield [log.extent()];
}

/**
 * Notes each file's place in a trail's layout, and, as files are read (`held`), the days whose
 * folder held a file with a record of that day (holdsDay); `extent()` says which days were
 * delivered. A place whose files were read elsewhere (worker threads) gets its days from there.
 */
export function deliveryLog(): {
  note: (file: string) => void;
  held: (file: string, items: readonly ActivityItem[]) => void;
  extent: () => ActivityItem;
} {
  const delivered = new Map<string, { account: string; region: string; days: string[] }>();
  let daysFromRecords = false;
  const note = (file: string) => {
    const place = layoutDay(file);
    if (!place) {
      daysFromRecords = true;
      return;
    }
    const key = `${place.account} ${place.region}`;
    if (!delivered.has(key)) delivered.set(key, { account: place.account, region: place.region, days: [] });
  };
  const held = (file: string, items: readonly ActivityItem[]) => {
    const place = heldPlace(file, items);
    if (!place) return;
    const entry = delivered.get(`${place.account} ${place.region}`);
    if (entry && entry.days.at(-1) !== place.day) entry.days.push(place.day);
  };
  return {
    note,
    held,
    extent: () => ({ kind: "extent", extent: { delivered: [...delivered.values()], daysFromRecords } }),
  };
}

async function* noted(files: AsyncIterable<string>, note: (file: string) => void): AsyncGenerator<string> {
  for await (const file of files) {
    note(file);
    yield file;
  }
}

/** The account, region and day a layout file vouches for: its folder's, when it holds a record of that day. */
export function heldPlace(
  file: string,
  items: readonly ActivityItem[],
): { account: string; region: string; day: string } | undefined {
  const place = layoutDay(file);
  return place && holdsDay(items, place.day) ? place : undefined;
}

async function* single(path: string): AsyncGenerator<string> {
  yield path;
}

/**
 * The folders of a trail's bucket that hold no API calls: digest files (hashes of the log files)
 * and Insights events. A copy of the bucket holds them; the S3 source lists only `CloudTrail/`.
 * Read, every digest file was a warning, thousands of them burying the ones that matter.
 */
const NOT_CALLS = new Set(["CloudTrail-Digest", "CloudTrail-Insight"]);

/**
 * The trail files under `dir`, in path order. Symbolic links are followed (a folder of links to
 * delivery files is common): skipped, their records would be missing with no word said, and a
 * principal seen only there called unused. A link to a folder already walked is not walked again;
 * a broken link with a trail file's name is yielded, to become a warning naming it.
 */
export async function* walk(
  dir: string,
  walked = new Set<string>(),
  ours = new Set<string>(),
): AsyncGenerator<string> {
  const real = await realpath(dir);
  if (walked.has(real)) return;
  walked.add(real);
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // A report Whittle wrote here (`--out` inside the trail's folder): its files, listed in its
  // manifest, are no trail's; read as such, each would be a failure that leaves the window
  // incomplete, and the next audit would call nothing unused.
  if (entries.some((e) => e.name === MANIFEST)) {
    ours.add(join(dir, MANIFEST));
    for (const name of (await readManifest(dir)) ?? []) ours.add(join(dir, name));
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (ours.has(path)) continue;
    const target = entry.isSymbolicLink() ? await stat(path).catch(() => undefined) : entry;
    if (target?.isDirectory()) {
      // A run's staging folder (left by a crash) holds report files too.
      if (!NOT_CALLS.has(entry.name) && !entry.name.startsWith(STAGE_PREFIX)) yield* walk(path, walked, ours);
    } else if ((target === undefined || target.isFile()) && CLOUDTRAIL_FILE.test(entry.name)) yield path;
  }
}

/**
 * A file read ahead: its records are parsed by `items()` when its turn comes. Parsed early, a few
 * files' records would wait through scavenges and be copied into the old generation; unparsed,
 * they wait as decompressed bytes outside the heap.
 */
export type FileRead =
  | { kind: "lines"; path: string }
  | { kind: "document"; path: string; items: () => ActivityItem[] };

/**
 * One JSON document file, read whole as one batch. JSON-lines files are left to be streamed in
 * batches of lines when their turn comes, so a file of any size reads in bounded memory.
 */
export async function readDocument(path: string, maxBytes = MAX_TRAIL_FILE_BYTES): Promise<FileRead> {
  if (JSON_LINES.test(path)) return { kind: "lines", path };
  let bytes: Buffer;
  try {
    // Read at once, not through fs.promises: its open, stat, reads and close each wait for this
    // thread to be free between files, which left it idle a tenth of the time. Delivery files are
    // small; the decompression, the slow part, still runs on zlib's threads.
    // The same cap as the S3 trail source: a gzip bomb is unreadable, not an exhausted heap.
    bytes = await trailFileBytes(readCapped(path, maxBytes), maxBytes);
  } catch (cause) {
    return { kind: "document", path, items: () => [unreadable(path, cause)] };
  }
  return {
    kind: "document",
    path,
    items: () => {
      let text: string;
      try {
        // Past V8's longest string (512 MiB), a plain file cannot be decoded: unreadable, like a bomb.
        text = utf8Text(bytes);
      } catch (cause) {
        return [unreadable(path, cause)];
      }
      return itemsFromText(text, path);
    },
  };
}

/**
 * The file's bytes, refused by its size before they are read where they are more than the cap (or,
 * gzipped, more than any text within the cap compresses to): read first, a folder of a few large
 * JSON files that are no delivery (an export of GBs) held GBs at once while they were read ahead.
 */
function readCapped(path: string, maxBytes: number): Buffer {
  // Deflate's stored blocks add 5 bytes per 64 KB at most, the gzip header and trailer 18 and more.
  const most = maxBytes + Math.ceil(maxBytes / 8192) + 1024;
  const fd = openSync(path, "r");
  try {
    const info = fstatSync(fd);
    if (info.size > most) throw new TrailFileTooLargeError(maxBytes);
    return info.isFile() ? readFileSync(fd) : readStream(fd, most, maxBytes);
  } finally {
    closeSync(fd);
  }
}

/**
 * A pipe or device (`--cloudtrail <(zcat …)`, /dev/stdin), whose size is unknown: read in pieces
 * up to the cap, where readFileSync read it to its end, however far that was.
 */
function readStream(fd: number, most: number, maxBytes: number): Buffer {
  const pieces: Buffer[] = [];
  let total = 0;
  for (;;) {
    const piece = Buffer.allocUnsafe(64 * 1024);
    const read = readSync(fd, piece, 0, piece.length, null);
    if (read === 0) return Buffer.concat(pieces, total);
    total += read;
    if (total > most) throw new TrailFileTooLargeError(maxBytes);
    pieces.push(piece.subarray(0, read));
  }
}

function unreadable(path: string, cause: unknown): ActivityItem {
  return warning(path, "unreadable", (cause as Error).message);
}

const LINES_PER_BATCH = 1000;

/**
 * A JSON-lines file's records, streamed in batches: a file of any size reads in bounded memory, as
 * long as its lines are short; a line longer than `maxBytes` (a gzip bomb of one endless line, which
 * the line reader would hold whole) ends the read with a warning.
 */
export async function* readLines(
  path: string,
  maxBytes = MAX_TRAIL_FILE_BYTES,
): AsyncGenerator<ActivityItem[]> {
  const input = createReadStream(path);
  // By the bytes, as a document is: a gzipped file named `.jsonl`, or a plain one `.jsonl.gz`.
  const bytes = startsGzip(path) ? input.pipe(createGunzip()) : input;
  const text = bytes.pipe(utf8Stream());
  const stream = text.pipe(lineBound(maxBytes));
  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure ??= error;
    // With the error: the line reader ends on the decoding stream's error, not on an upstream one.
    stream.destroy(error);
  };
  input.once("error", fail);
  bytes.once("error", fail);
  text.once("error", fail);
  stream.once("error", fail);
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  let batch: ActivityItem[] = [];
  // Every line but a blank one gives an item (a record or a warning).
  let read = 0;
  try {
    for await (const one of lines) {
      line++;
      itemsFromLine(one, `${path}:${line}`, batch);
      if (line % LINES_PER_BATCH === 0) {
        read += batch.length;
        yield batch;
        batch = [];
      }
    }
  } catch (cause) {
    failure ??= cause as Error;
  }
  if (failure) batch.push(warning(path, "unreadable", `after line ${line}: ${failure.message}`));
  // As for a document: an empty file (a download cut to nothing) is said, not read as a quiet day.
  else if (read + batch.length === 0) batch.push(warning(path, "not-cloudtrail", "empty input"));
  if (batch.length > 0) yield batch;
}

/** Whether the file starts with gzip's magic number; a file that cannot be read fails when streamed. */
function startsGzip(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const head = Buffer.alloc(2);
    return isGzip(head.subarray(0, readSync(fd, head, 0, 2, 0)));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Passes UTF-8 text through while no line (ended by LF or CR, as the line reader ends them) runs
 * longer than `maxBytes`; past that, fails.
 */
function lineBound(maxBytes: number): Transform {
  let open = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const first = lineEnd(chunk.indexOf(0x0a), chunk.indexOf(0x0d), Math.min);
      const last = lineEnd(chunk.lastIndexOf(0x0a), chunk.lastIndexOf(0x0d), Math.max);
      const tooLong =
        open + (first === -1 ? chunk.length : first) > maxBytes ||
        // Lines wholly inside the chunk: only one longer than the bound can hold one too long.
        (chunk.length > maxBytes && longestLine(chunk, first, last) > maxBytes);
      if (tooLong)
        return done(
          new Error(
            `a line is longer than ${maxBytes} bytes (a record is a few KB): not read, as a gzip bomb would exhaust memory`,
          ),
        );
      open = last === -1 ? open + chunk.length : chunk.length - last - 1;
      done(null, chunk);
    },
  });
}

function lineEnd(lf: number, cr: number, pick: (a: number, b: number) => number): number {
  return lf === -1 ? cr : cr === -1 ? lf : pick(lf, cr);
}

function longestLine(chunk: Buffer, first: number, last: number): number {
  let longest = 0;
  let start = first;
  for (let i = first + 1; i <= last; i++) {
    if (chunk[i] !== 0x0a && chunk[i] !== 0x0d) continue;
    longest = Math.max(longest, i - start - 1);
    start = i;
  }
  return longest;
}
