import { promisify } from "node:util";
import { gunzip } from "node:zlib";

const gunzipAsync = promisify(gunzip);

/**
 * A delivery file's size once decompressed, at most: real CloudTrail files are a few MB; anything
 * bigger (a gzip bomb: a few KB that inflate to GBs) is refused as unreadable, naming the file,
 * instead of exhausting memory with several of them read at once.
 */
export const MAX_TRAIL_FILE_BYTES = 256 * 1024 * 1024;

/** Bounds of the output buffer of one decompression step (zlib's default, 16 KB, costs a callback per 16 KB). */
const GUNZIP_CHUNK = { least: 64 * 1024, most: 64 * 1024 * 1024 };
/** Deflate's largest ratio of output to input. */
const INFLATE_RATIO = 1032;

/** A file larger than the cap once decompressed: its records are not read. */
export class TrailFileTooLargeError extends Error {
  override readonly name = "TrailFileTooLargeError";
  constructor(maxBytes: number) {
    super(
      `larger than ${maxBytes} bytes once decompressed (a delivery file is a few MB): not read, as a gzip bomb would exhaust memory`,
    );
  }
}

/** Gzip's magic number: the bytes say whether a file is compressed, whatever its name says. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** A delivery file's bytes, decompressed when they are gzip, at most `maxBytes` of them (TrailFileTooLargeError). */
export async function trailFileBytes(read: Buffer, maxBytes = MAX_TRAIL_FILE_BYTES): Promise<Buffer> {
  if (!isGzip(read)) {
    if (read.length > maxBytes) throw new TrailFileTooLargeError(maxBytes);
    return read;
  }
  try {
    return await gunzipAsync(read, {
      maxOutputLength: maxBytes,
      chunkSize: Math.min(gunzipChunk(read), Math.max(maxBytes, GUNZIP_CHUNK.least)),
    });
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE")
      throw new TrailFileTooLargeError(maxBytes);
    throw cause;
  }
}

/**
 * An output buffer the size the gzip trailer gives for the whole text, so that it comes out in one
 * piece: in pieces, zlib copies them all into one buffer at the end, a fifth of the time it takes
 * to decompress. The trailer is only a hint (a file of several members gives the last one's size,
 * a hostile one any size, bounded by what the bytes can inflate to): a wrong one costs pieces
 * again, never a wrong text.
 */
export function gunzipChunk(gzip: Buffer): number {
  const size = gzip.length >= 18 ? gzip.readUInt32LE(gzip.length - 4) : 0;
  // Deflate inflates at most 1032 to 1: a larger claim is no size the text can have (bytes zlib
  // ignores may follow the trailer), and the text's buffer stays allocated while it waits its turn.
  const most = Math.min(GUNZIP_CHUNK.most, gzip.length * INFLATE_RATIO + 64);
  return Math.min(most, Math.max(GUNZIP_CHUNK.least, size + 64));
}
