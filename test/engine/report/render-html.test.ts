import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import fc from "fast-check";
import { pageData, staticPrincipals } from "../../../core/engine/report/html/page-data.js";
import { renderHtml } from "../../../core/engine/report/render-html.js";
import type { Report } from "../../../core/engine/report/schema.js";
import {
  ARNS,
  HOSTILE_NAME,
  HOSTILE_TAG,
  QUOTED_NAME,
  reportFixture,
} from "../../fixtures/report-fixture.js";

const DATA_OPEN = '<script type="application/json" id="report-data">';

/** The page split into the embedded JSON text and everything else. */
function parts(html: string): { data: string; markup: string } {
  const start = html.indexOf(DATA_OPEN);
  const end = html.indexOf("</script>", start);
  assert.ok(start > 0 && end > start, "the page embeds the report-data block");
  return { data: html.slice(start + DATA_OPEN.length, end), markup: html.slice(0, start) + html.slice(end) };
}

test("a principal named <img src=x onerror=alert(1)> is escaped everywhere outside the JSON block", () => {
  const { markup } = parts(renderHtml(reportFixture()));
  assert.equal(markup.toLowerCase().indexOf("<img"), -1, "no raw <img");
  assert.ok(markup.includes("&lt;img src=x onerror=alert(1)&gt;"), "the name is shown as text");
  assert.equal(markup.indexOf(HOSTILE_TAG), -1, "a tag value cannot close the script");
  assert.ok(
    markup.includes("&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;"),
    "evidence shows the tag as text",
  );
  assert.ok(
    markup.includes("deploy-bot &quot;prod&quot; &#39;eu&#39; &amp;amp; co"),
    "quotes and &amp; are escaped",
  );
});

test("report.html holds no control character from account text, so printing it cannot drive the terminal", () => {
  const report = reportFixture();
  // ESC starts ANSI sequences: a colour, a window title, OSC 52 writing the clipboard.
  const hostile = "ops\u001b]52;c;cm0gLXJmIH4=\u0007\u001b[2J\u009b31m\u0000";
  report.principals[1]!.name = hostile;
  report.findings[0]!.title = `${hostile} is an administrator`;
  const html = renderHtml(report);
  assert.ok(html.includes("ops\uFFFD]52"), "the name is still shown, its control characters replaced");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
  assert.doesNotMatch(html, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/);
  // The script shows the data block's name as the markup does.
  assert.equal(
    JSON.parse(parts(html).data).names[1],
    "ops\uFFFD]52;c;cm0gLXJmIH4=\uFFFD\uFFFD[2J\uFFFD31m\uFFFD",
  );
});

test("the report-data block has no <, >, &, U+2028 or U+2029 and parses back to the page data", () => {
  const report = reportFixture();
  const { data } = parts(renderHtml(report));
  for (const c of ["<", ">", "&", "\u2028", "\u2029"])
    assert.equal(data.indexOf(c), -1, `raw ${JSON.stringify(c)}`);
  assert.ok(data.includes("\\u003cimg src=x onerror=alert(1)\\u003e"));
  assert.ok(data.includes("\\u2028"));
  const page = JSON.parse(data);
  assert.deepEqual(page, pageData(report, staticPrincipals(report)));
  assert.deepEqual(
    page.names,
    report.principals.map((p) => p.name),
  );
  assert.equal(page.findings.length, report.findings.length);
  assert.deepEqual(
    page.findings.map((f: unknown[]) => f[4]),
    report.findings.map((f) => f.title),
  );
});

test("the page has exactly two scripts and loads nothing from anywhere", () => {
  const html = renderHtml(reportFixture());
  assert.equal(html.match(/<script\b/g)?.length, 2);
  assert.doesNotMatch(html, /<script[^>]*\bsrc=/i);
  assert.doesNotMatch(html, /<link\b|<iframe\b|<object\b|<embed\b|@import|url\(/i);
  const urls = html.match(/https?:\/\/[^\s"'<)]+/g) ?? [];
  assert.deepEqual(
    [...new Set(urls)],
    ["http://www.w3.org/2000/svg"],
    "only the SVG namespace, which is never fetched",
  );
});

test("the Content-Security-Policy allows exactly the inline script and style by hash", () => {
  const html = renderHtml(reportFixture());
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
  assert.ok(csp);
  assert.match(csp, /default-src 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  const hash = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;
  const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1];
  const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1];
  assert.ok(script && style);
  assert.ok(csp.includes(`script-src ${hash(script)}`), "the script hash matches the script on the page");
  assert.ok(csp.includes(`style-src ${hash(style)}`), "the style hash matches the stylesheet on the page");
  assert.doesNotMatch(html, /\sstyle="/, "no style attribute, which the CSP would block");
});

test("the static page holds the summary, one table row per finding and one section per principal", () => {
  const report = reportFixture();
  const html = renderHtml(report);
  const table = /<table id="findings-table">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? "";
  assert.equal(table.match(/<tr data-severity=/g)?.length, report.findings.length);
  assert.equal(table.match(/data-suppressed="true"/g)?.length, 1);
  for (let i = 0; i < report.principals.length; i++)
    assert.ok(html.includes(`<section class="principal" id="principal-${i}">`));
  const cards = /<div class="cards" id="severity-cards">([\s\S]*?)<\/div>\n/.exec(html)?.[1] ?? "";
  assert.ok(
    cards.includes(
      `<span class="n">${report.summary.findings.critical}</span><span class="l">critical</span>`,
    ),
  );
  assert.equal(html.match(/<svg /g)?.length, 3, "severity, kind and granted-vs-used charts");
  assert.equal(
    html.match(/<button type="button" class="copy"/g)?.length,
    3,
    "one Copy per recommended document",
  );
  assert.ok(html.includes("✓ within current permissions") && html.includes("✓ covers observed activity"));
});

test("a principal's section shows its recommended policy and the diff from its current documents", () => {
  const report = reportFixture();
  const html = renderHtml(report);
  const index = report.principals.findIndex((p) => p.arn === ARNS.ci);
  const start = html.indexOf(`id="principal-${index}"`);
  const section = html.slice(start, html.indexOf("</section>", start));
  assert.ok(section.includes("whittle-ci-deployer"));
  assert.ok(section.includes("&quot;cloudformation:CreateChangeSet&quot;"));
  // "- " then the JSON line, indented 8 spaces
  assert.match(section, /<span class="del">- {9}&quot;cloudformation:\*&quot;,<\/span>/);
  assert.match(section, /<span class="add">\+ {9}&quot;cloudformation:DescribeStacks&quot;,<\/span>/);
  assert.ok(section.includes(`# ${ARNS.ci}#inline/deploy`), "the current document is named by its source");
  assert.ok(
    section.includes(`<p class="arn">${ARNS.ci}#inline/deploy · statement 1</p>`),
    "a finding on an inline policy's statement says which policy and statement",
  );
});

test("a failed proof is shown as a failed check, not as a pass", () => {
  const report = reportFixture();
  report.recommendations[0]!.checks.coversObserved = false;
  const html = renderHtml(report);
  assert.ok(html.includes(`<span class="badge fail">✗ covers observed activity</span>`));
});

test("rendering is deterministic and needs nothing but the report", () => {
  assert.equal(renderHtml(reportFixture()), renderHtml(reportFixture()));
});

test("any principal name renders as text and round-trips through the JSON block", () => {
  const risky = fc.constantFrom(
    "<",
    ">",
    "&",
    '"',
    "'",
    "/",
    "\u2028",
    "\u2029",
    "script",
    "</",
    "<!--",
    "a",
    " ",
  );
  const render = (name: string) => {
    const report: Report = reportFixture();
    report.principals[1]!.name = name;
    return renderHtml(report);
  };
  const tags = (html: string) => html.match(/</g)?.length ?? 0;
  fc.assert(
    fc.property(fc.array(risky, { minLength: 1, maxLength: 12 }), (pieces) => {
      const name = pieces.join("");
      const html = render(name);
      // Escaped text adds no markup: the page has as many "<" as with a harmless name.
      assert.equal(tags(html), tags(render("x".repeat(name.length))));
      assert.equal(JSON.parse(parts(html).data).names[1], name);
    }),
    { numRuns: 60 },
  );
});

test("fixture sanity: the hostile strings are where the tests expect them", () => {
  const report = reportFixture();
  assert.ok(report.principals.some((p) => p.name === HOSTILE_NAME));
  assert.ok(report.principals.some((p) => p.name === QUOTED_NAME));
  assert.ok(JSON.stringify(report).includes("\\u2028") || JSON.stringify(report).includes("\u2028"));
});

test("report.html's markup holds no bidirectional control from account text", () => {
  const report = reportFixture();
  const hostile = "rtl\u202Egnp.exe\u2066x\u2069";
  report.principals[1]!.name = hostile;
  report.findings[0]!.title = `${hostile} is an administrator`;
  const html = renderHtml(report);
  assert.ok(html.includes("rtl\uFFFDgnp.exe\uFFFDx\uFFFD"));
  assert.doesNotMatch(parts(html).markup, /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
});

test("report.html's page data and packed texts, which its script shows, hold no bidirectional control either", () => {
  const report = reportFixture();
  const hostile = "rtl\u202Egnp.exe\u2066x\u2069";
  report.principals[1]!.name = hostile;
  report.findings[0]!.title = `${hostile} is an administrator`;
  report.findings[0]!.detail = `${hostile} detail`;
  report.findings[0]!.evidence = { key: hostile, padding: "x".repeat(4096) };
  // Packed as base64 only, so the test can read what the script would unpack.
  const html = renderHtml(report, { pack: (text) => Buffer.from(text).toString("base64") });
  const bidi = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
  const data = JSON.parse(parts(html).data);
  assert.equal(data.names[1], "rtl\uFFFDgnp.exe\uFFFDx\uFFFD");
  assert.ok(
    data.findings.some((f: unknown[]) => f[4] === "rtl\uFFFDgnp.exe\uFFFDx\uFFFD is an administrator"),
  );
  assert.doesNotMatch(JSON.stringify(data), bidi);
  const packed = [...html.matchAll(/data-packed="([^"]*)"/g)].map((m) =>
    Buffer.from(m[1]!, "base64").toString(),
  );
  assert.ok(
    packed.some((text) => text.includes("rtl\uFFFDgnp.exe")),
    "the evidence is packed",
  );
  for (const text of packed) assert.doesNotMatch(text, bidi);
});
