import { htmlText } from "../escape.js";
import { esc } from "./markup.js";

/**
 * Gzip, then base64, of a text: given by the writer (the engine has no compressor). IaC, action
 * lists and diffs are most of a large account's page and are read one at a time, if at all:
 * packed, they are a tenth of their size, and the page's script unpacks one when its <details>
 * is opened (the browser's DecompressionStream).
 */
export type Pack = (text: string) => string;

export interface HtmlOptions {
  /** Without it every text is written as is (the page then needs no script to read them). */
  pack?: Pack;
}

/** Texts shorter than this stay as they are: packing them saves little and costs the reader a click's wait. */
export const PACK_ABOVE = 2048;

/** Shown in a packed <pre> until the script unpacks it: what a reader without JavaScript sees. */
export const PACKED_PLACEHOLDER =
  "Packed to keep this page small: opening it needs JavaScript. report.md and report.json have the full text.";

/**
 * A closed <details> holding `text` in a <pre> (with `attrs`, e.g. a class): packed into a
 * `data-packed` attribute when the writer can pack and the text is long, as text otherwise.
 */
export function detailsText(
  options: HtmlOptions,
  summary: string,
  text: string,
  attrs = "",
  detailsAttrs = "",
): string {
  const pre = attrs ? `<pre ${attrs}>` : "<pre>";
  if (!options.pack || text.length < PACK_ABOVE)
    return `<details${detailsAttrs}><summary>${summary}</summary>${pre}${esc(text)}</pre></details>`;
  // base64 needs no escaping; escaped anyway so no writer-supplied string reaches markup raw. The
  // text is packed as the unpacked page shows it, its control characters U+FFFD.
  return (
    `<details${detailsAttrs} data-packed="${esc(options.pack(htmlText(text)))}"><summary>${summary}</summary>` +
    `${pre}${esc(PACKED_PLACEHOLDER)}</pre></details>`
  );
}
