import { type FileHandle, open } from "node:fs/promises";

/** Bytes per write: two buffers of this size, one filling while the other is written. */
const BUFFER_BYTES = 1 << 20;

/** UTF-8 takes at most three bytes per UTF-16 unit (a surrogate pair: four for two). */
const MAX_BYTES_PER_UNIT = 3;

/**
 * Writes the concatenation of `pieces`, as UTF-8, to a new file at `path`. Each piece is encoded
 * into one of two reused buffers as it comes, so it is garbage at once: pieces gathered into a
 * string until a megabyte was written outlived the young generation's collections, and a large
 * account's report then left hundreds of megabytes of old strings behind it. One write is in
 * flight while the next buffer fills, so the thread renders while the disk writes. The bytes are
 * those of the whole text encoded at once: a surrogate pair split between two pieces stays a pair.
 */
export async function writePieces(
  path: string,
  pieces: Iterable<string>,
  bufferBytes = BUFFER_BYTES,
): Promise<void> {
  const file = await open(path, "w");
  let filling = Buffer.allocUnsafeSlow(bufferBytes);
  let spare = Buffer.allocUnsafeSlow(bufferBytes);
  let used = 0;
  let writing: Promise<void> = Promise.resolve();
  // The spare buffer is the one written last: free once that write has ended.
  const flush = async () => {
    await writing;
    writing = writeAll(file, filling, used);
    [filling, spare] = [spare, filling];
    used = 0;
  };
  // A piece that may not fit the room left: encoded up to what fits (never half a pair: the
  // encoder stops before one that does not fit), the rest into the next buffer. Counting its bytes
  // first, to move it whole to the next buffer, read every long piece twice.
  const put = async (piece: string) => {
    for (let rest = piece; ; ) {
      const { read, written } = encoder.encodeInto(rest, filling.subarray(used));
      used += written;
      if (read === rest.length) return;
      await flush();
      rest = rest.slice(read);
    }
  };
  try {
    let carry = "";
    for (const next of pieces) {
      let piece = carry ? carry + next : next;
      carry = "";
      // A high surrogate at the end waits for the low one the next piece may start with.
      if (piece.length > 0 && isHighSurrogate(piece.charCodeAt(piece.length - 1))) {
        carry = piece.slice(-1);
        piece = piece.slice(0, -1);
      }
      if (piece.length * MAX_BYTES_PER_UNIT <= bufferBytes - used) used += filling.write(piece, used, "utf8");
      else await put(piece);
    }
    // A lone high surrogate at the very end is encoded as the whole text's would be.
    if (carry) await put(carry);
    if (used > 0) await flush();
    await writing;
  } finally {
    // Where the rendering failed, its error is the one to report; the write in flight just ends.
    await writing.catch(() => undefined);
    await file.close();
  }
}

const encoder = new TextEncoder();

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

async function writeAll(file: FileHandle, buffer: Buffer, length: number): Promise<void> {
  for (let offset = 0; offset < length; ) {
    const { bytesWritten } = await file.write(buffer, offset, length - offset);
    offset += bytesWritten;
  }
}
