import { isAscii, isUtf8 } from "node:buffer";
import { readFile } from "node:fs/promises";
import { Transform } from "node:stream";
import { StringDecoder } from "node:string_decoder";

/**
 * A text file as the tools that write them leave it: UTF-8, with or without the byte order mark
 * Windows editors put first, or UTF-16 with its mark, as Windows PowerShell 5.1's `>` saves
 * `aws ... > file.json`, or without it (`Out-File -Encoding unicode` in some hosts, .NET writers).
 * Read as plain UTF-8, the mark alone made JSON.parse refuse the file with a message naming an
 * invisible character, and UTF-16 was unreadable.
 */
export async function readTextFile(path: string): Promise<string> {
  return decodeText(await readFile(path));
}

/** Text in an encoding these readers refuse, named so the user can save the file again. */
export class TextEncodingError extends Error {
  override readonly name = "TextEncodingError";
}

/** The text of `bytes`, by their byte order mark or, for UTF-16 without one, their zero bytes (none: UTF-8). */
export function decodeText(bytes: Buffer): string {
  refuseGzip(bytes);
  refuseUtf32(bytes);
  const order = utf16Order(bytes);
  if (order === undefined) refuseInvalidUtf8(bytes);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.toString("utf8", 3);
  if (order === undefined) return bytes.toString("utf8");
  const body = bytes.subarray(hasUtf16Mark(bytes) ? 2 : 0);
  if (order === "le") return body.toString("utf16le");
  // Big-endian: swapped into a copy (swap16 needs an even length; a stray last byte is dropped).
  return Buffer.from(body.subarray(0, body.length - (body.length % 2)))
    .swap16()
    .toString("utf16le");
}

/**
 * A trail delivery file's text, from a local file or an S3 object alike; pure ASCII, as they usually
 * are, decoded as Latin-1: the same string, faster. A file in UTF-16 with its byte order mark (records saved by Windows PowerShell's `>`) is read by it.
 * Bytes that are not UTF-8 make the file unreadable (TextEncodingError), not records naming other resources.
 */
export function utf8Text(bytes: Buffer): string {
  // UTF-16 first: without its mark, English text in it is all ASCII bytes, half of them zeros
  // (UTF-32, a zero in one of its first two bytes too, is refused there).
  if (utf16Order(bytes) || bytes[0] === 0 || bytes[1] === 0) return decodeText(bytes);
  if (isAscii(bytes)) return bytes.toString("latin1");
  refuseInvalidUtf8(bytes);
  // A UTF-8 mark is kept: the readers trim it as white space.
  return bytes.toString("utf8");
}

/**
 * Whether `bytes` start as UTF-16, and which way round: by the mark, or else as JSON's RFC 4627
 * told readers to guess, since JSON text starts with two ASCII characters: `xx 00 xx 00` is
 * little-endian, `00 xx 00 xx` big-endian. UTF-8 JSON never holds those zero bytes.
 */
export function utf16Order(bytes: Uint8Array): "le" | "be" | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "be";
  if (bytes.length < 4) return undefined;
  if (bytes[0] !== 0 && bytes[1] === 0 && bytes[2] !== 0 && bytes[3] === 0) return "le";
  if (bytes[0] === 0 && bytes[1] !== 0 && bytes[2] === 0 && bytes[3] !== 0) return "be";
  return undefined;
}

/**
 * A gzipped file (`aws iam get-account-authorization-details | gzip`, a report downloaded from a
 * bucket as stored): refused as "not UTF-8, saved in a Windows code page", which it is not.
 * Gzip's first byte is a control character and its second no UTF-8 start, so no text is refused
 * here that was read before.
 */
function refuseGzip(bytes: Uint8Array): void {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b)
    throw new TextEncodingError(
      "the file is gzip-compressed: decompress it (gunzip) and give the file it holds",
    );
}

/**
 * UTF-32 (Windows PowerShell's `-Encoding utf32`), which Node cannot decode: its little-endian mark
 * starts with UTF-16's, so it was read as UTF-16 and every character came out followed by a zero.
 * Found by the mark, or as for UTF-16 by JSON's first character: `xx 00 00 00` or `00 00 00 xx`.
 */
function refuseUtf32(bytes: Uint8Array): void {
  if (bytes.length < 4) return;
  const [a, b, c, d] = bytes;
  const little =
    (a === 0xff && b === 0xfe && c === 0 && d === 0) || (a !== 0 && b === 0 && c === 0 && d === 0);
  const big = (a === 0 && b === 0 && c === 0xfe && d === 0xff) || (a === 0 && b === 0 && c === 0 && d !== 0);
  if (little || big) {
    throw new TextEncodingError(
      `the file is UTF-32 (${little ? "little" : "big"}-endian), which is not read: save it as UTF-8 or UTF-16`,
    );
  }
}

/**
 * Bytes that are not UTF-8: a file saved in a Windows code page (Windows PowerShell 5.1's
 * Set-Content, for one), or damaged. Decoded anyway, each such byte became U+FFFD without a word:
 * a resource, key or name holding `é` was read as another one, and the audit weighed a policy or
 * a call that is not the account's.
 */
export function refuseInvalidUtf8(bytes: Uint8Array, offset = 0, what = "the file"): void {
  if (isUtf8(bytes)) return;
  throw new TextEncodingError(
    `${what} is not UTF-8 (byte ${offset + firstInvalidByte(bytes)} is no part of a UTF-8 character): it was saved in another encoding, such as a Windows code page, and its text cannot be read as written; save it as UTF-8`,
  );
}

/** Where the first byte that cannot start or continue a UTF-8 character is (overlong and surrogate forms included). */
function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const length = utf8Length(bytes, i);
    if (length === 0 || !isUtf8(bytes.subarray(i, i + length))) return i;
    i += length;
  }
  return i;
}

function utf8Length(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b <= 0xdf) return 2;
  if (b >= 0xe0 && b <= 0xef) return 3;
  if (b >= 0xf0 && b <= 0xf4) return 4;
  return 0;
}

/** How many bytes at the end of `bytes` start a UTF-8 character that continues in the next chunk. */
function cutCharacter(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back]!;
    if (b < 0x80) return 0;
    if (b >= 0xc0) return utf8Length(bytes, bytes.length - back) > back ? back : 0;
  }
  return 0;
}

function hasUtf16Mark(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

/**
 * A stream that passes UTF-8 through and turns UTF-16 (either order, marked or not) into UTF-8, for
 * text read line by line: decided by the stream's first four bytes. Read as UTF-8, every line of a
 * UTF-16 JSON-lines file was a record that could not be parsed.
 */
export function utf8Stream(): Transform {
  let head: Buffer | undefined = Buffer.alloc(0);
  let decode: ((chunk: Buffer) => string) | undefined;
  let carry: Buffer = Buffer.alloc(0);
  // UTF-8 passes through, checked: a character cut between chunks is checked with the next one.
  let pending: Buffer = Buffer.alloc(0);
  let checked = 0;
  const check = (chunk: Buffer, last = false): Buffer => {
    const all = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
    const cut = last ? 0 : cutCharacter(all);
    refuseInvalidUtf8(all.subarray(0, all.length - cut), checked);
    checked += all.length - cut;
    pending = Buffer.from(all.subarray(all.length - cut));
    return chunk;
  };
  const decoder = new StringDecoder("utf16le");
  const start = (bytes: Buffer): Buffer => {
    refuseUtf32(bytes);
    const order = utf16Order(bytes);
    if (order === undefined) {
      decode = undefined;
      return check(bytes);
    }
    decode =
      order === "le"
        ? (chunk) => decoder.write(chunk)
        : (chunk) => {
            // Big-endian: swapped two bytes at a time; an odd byte waits for its pair.
            const all = Buffer.concat([carry, chunk]);
            const even = all.length - (all.length % 2);
            carry = Buffer.from(all.subarray(even));
            return decoder.write(Buffer.from(all.subarray(0, even)).swap16());
          };
    return Buffer.from(decode(bytes.subarray(hasUtf16Mark(bytes) ? 2 : 0)), "utf8");
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (head !== undefined) {
        head = Buffer.concat([head, chunk]);
        if (head.length < 4) return done();
        let first: Buffer;
        try {
          first = start(head);
        } catch (error) {
          return done(error as Error);
        }
        head = undefined;
        return done(null, first);
      }
      if (decode) return done(null, Buffer.from(decode(chunk), "utf8"));
      try {
        done(null, check(chunk));
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done) {
      try {
        if (head !== undefined && head.length > 0) this.push(start(head));
        // A character the file ends inside of.
        if (!decode) check(Buffer.alloc(0), true);
      } catch (error) {
        return done(error as Error);
      }
      if (decode) {
        const rest = decoder.end();
        if (rest) this.push(Buffer.from(rest, "utf8"));
      }
      done();
    },
  });
}
