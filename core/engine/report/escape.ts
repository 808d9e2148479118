/**
 * Escaping for every text that leaves the renderers. Names, ARNs, tags, evidence and policy text
 * come from the audited account, so any of them may be hostile: they are escaped at the point
 * where they enter markup, never trusted as markup.
 */

const HTML_ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Text or attribute value in HTML (quotes too, so the same function serves attributes). Control
 * characters but tab and line breaks become U+FFFD, as in report.md: HTML calls them parse
 * errors, and `cat report.html` would hand an ESC in a name to the terminal. So do bidirectional
 * controls (see BIDI_CONTROLS).
 */
export function escapeHtml(value: string): string {
  return value.replace(HTML_SPECIAL, (c) => HTML_ENTITIES[c] ?? "\uFFFD");
}

/**
 * What the page's script shows as text (the embedded table data, the packed texts): the control
 * and bidirectional characters escapeHtml replaces become U+FFFD here too, so a row or section the
 * script builds shows a name as the server's markup does, never reordered.
 */
export function htmlText(value: string): string {
  return value.replace(HTML_CONTROLS, "\uFFFD");
}

/**
 * A JSON value with every string and object key as htmlText shows it: for a page that embeds a
 * whole report (org-report.html), so the block holds account text as the page's markup shows it,
 * never a bidirectional control that reorders it where the file is read or the data shown.
 */
export function htmlData(value: unknown): unknown {
  if (typeof value === "string") return htmlText(value);
  if (Array.isArray(value)) return value.map(htmlData);
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [htmlText(k), htmlData(v)]));
  return value;
}

/**
 * JSON for a `<script type="application/json">` block. `<` and `>` stop `</script>` and `<!--`
 * from ending or changing the block, `&` keeps entity-like text inert, and U+2028/U+2029 are
 * escaped because older JavaScript parsers treat them as line ends, C1 controls because a terminal
 * showing the file may obey them. All are JSON escapes, so
 * JSON.parse of the block gives back the original data.
 */
export function embedJson(value: unknown): string {
  return escapeJsonText(JSON.stringify(value));
}

/**
 * embedJson's escapes applied to JSON text, whole or any piece of it: each replaces one character,
 * so pieces escaped one by one join to the whole text escaped at once.
 */
export function escapeJsonText(json: string): string {
  // One pass: a large account's page data is megabytes long.
  // C1 controls (DEL to U+009F) too: JSON.stringify leaves them raw, and U+009B is a terminal's CSI.
  return json.replace(
    /[<>&\u2028\u2029\u007f-\u009f]/g,
    (c) => JSON_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

const JSON_ESCAPES: Record<string, string> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

/**
 * Inline Markdown text (table cells, list items, headings). Every ASCII punctuation character
 * CommonMark gives a meaning to is backslash-escaped (`\|` also keeps GFM table cells whole), and
 * line breaks become spaces so a value cannot start a new block.
 */
export function escapeMarkdown(value: string): string {
  // `$&` is the match: a replacement string, not a call per character, as every title passes here.
  return withoutControls(
    value.replace(/[\r\n\u2028\u2029]+/g, " ").replace(/[\\`*_{}[\]()<>#+!|~&]/g, "\\$&"),
  );
}

/**
 * Bidirectional controls (U+202E RIGHT-TO-LEFT OVERRIDE and its kin) reorder the text shown after
 * them: an object key or tag holding one shows `rtl\u202Egnp.exe` as `rtlexe.png`, or a policy's
 * Resource as another, and can move a table's columns. Account text has no use for them in a
 * report; they become U+FFFD, visible, like control characters.
 */
const BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069";

/**
 * Control characters other than tab and line feed become U+FFFD, as on the terminal: report.md is
 * printed there by `--format markdown` and by `cat`, and has no use for them; bidirectional
 * controls too.
 */
const CONTROLS = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f${BIDI_CONTROLS}]`, "g");
/** Tab and line breaks stay: HTML shows them as white space (in a <pre>, as line breaks). */
const HTML_CONTROL_CHARS = `\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f${BIDI_CONTROLS}`;
const HTML_SPECIAL = new RegExp(`[&<>"'${HTML_CONTROL_CHARS}]`, "g");
const HTML_CONTROLS = new RegExp(`[${HTML_CONTROL_CHARS}]`, "g");
const withoutControls = (text: string) => text.replace(CONTROLS, "\uFFFD");

/**
 * Inline code (a name, an ARN) outside tables: CommonMark shows a code span's text as is, without
 * backslash escapes, so escaped text would show its backslashes (`AWSCloudTrail\_ReadOnlyAccess`).
 * The delimiter is longer than any backtick run in the text, padded with a space where the text
 * starts or ends with a backtick or a space (the reader strips one from each side); line breaks
 * become spaces, as in escapeMarkdown. GFM tables split cells at `|` even in code: not for cells.
 */
export function markdownCode(value: string): string {
  const text = withoutControls(value.replace(/[\r\n\u2028\u2029]+/g, " "));
  const longest = longestBacktickRun(text);
  const delimiter = "`".repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(text) ? " " : "";
  return `${delimiter}${pad}${text}${pad}${delimiter}`;
}

/** Counted in a loop: spread into Math.max, a forged document's 200,000 runs overflowed the stack. */
function longestBacktickRun(text: string): number {
  // Most texts (every IaC snippet, policy and action list) have none: a search finds that at a
  // fraction of the pattern's cost.
  if (!text.includes("`")) return 0;
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) if (run.length > longest) longest = run.length;
  return longest;
}

/** A fenced code block whose fence is longer than any backtick run in the text, so it cannot be closed early. */
export function markdownFence(code: string, language = ""): string {
  const text = withoutControls(code);
  const longest = longestBacktickRun(text);
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${text}\n${fence}`;
}

/**
 * Terminal text: C0 and C1 control characters (ESC starts ANSI sequences that could rewrite the
 * screen or the window title) become U+FFFD, so account data cannot drive the terminal; so do
 * bidirectional controls, which would reorder the summary's rows.
 */
export function escapeTerminal(value: string): string {
  return value.replace(TERMINAL_CONTROLS, "\uFFFD");
}

const TERMINAL_CONTROLS = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029${BIDI_CONTROLS}]`, "g");
