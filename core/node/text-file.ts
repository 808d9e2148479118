import { readFile } from "node:fs/promises";

/**
 * A text file as the tools that write them leave it: UTF-8, with or without the byte order mark
 * Windows editors put first, or UTF-16 with its mark, as Windows PowerShell 5.1's `>` saves
 * `aws ... > file.json`. Read as plain UTF-8, the mark alone made JSON.parse refuse the file with a
 * message naming an invisible character, and UTF-16 was unreadable.
 */
export async function readTextFile(path: string): Promise<string> {
  return decodeText(await readFile(path));
}

/** The text of `bytes`, by their byte order mark (none: UTF-8). */
export function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.toString("utf8", 3);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.toString("utf16le", 2);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    // Big-endian: swapped into a copy (swap16 needs an even length; a stray last byte is dropped).
    const even = Buffer.from(bytes.subarray(2, bytes.length - (bytes.length % 2)));
    return even.swap16().toString("utf16le");
  }
  return bytes.toString("utf8");
}
