import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import type { Pack } from "../engine/report/html/packed.js";

/**
 * How report.html embeds its long, rarely opened texts (IaC, action lists, evidence, diffs): gzip
 * and base64, unpacked by the page's script when a reader opens one. The engine has no compressor,
 * so the writers (report files, the report store) pass this one to the renderer.
 */
export const packText = (text: string): string => gzipSync(text).toString("base64");

/** Packed texts a page keeps for the texts it meets again: a few megabytes, however large the page. */
const REMEMBERED_CHARS = 8 << 20;

/**
 * packText for one page, giving a text met before the packing it had: principals with the same
 * grants list the same unobservable actions, findings of one kind carry the same evidence, and
 * each was compressed again for every principal (a large account's page compressed half its
 * packed texts twice or more). Texts are known by their SHA-256, so the page's texts are not held
 * in memory; the packings are, the least recently met dropped past REMEMBERED_CHARS.
 */
export function pagePacker(): Pack {
  const packed = new Map<string, string>();
  let chars = 0;
  return (text) => {
    const key = createHash("sha256").update(text, "utf8").digest("base64");
    let result = packed.get(key);
    if (result !== undefined) packed.delete(key);
    else {
      result = packText(text);
      chars += result.length;
    }
    packed.set(key, result);
    for (const [oldest, value] of packed) {
      if (chars <= REMEMBERED_CHARS) break;
      packed.delete(oldest);
      chars -= value.length;
    }
    return result;
  };
}
