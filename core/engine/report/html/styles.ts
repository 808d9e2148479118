/**
 * The report's stylesheet, inlined so the file needs nothing from the network. System fonts only:
 * a web font would be a remote load, which the Content-Security-Policy forbids anyway.
 */
export const STYLES = `
:root {
  --ink: #0f172a; --muted: #5b6577; --line: #e2e8f0; --panel: #ffffff; --page: #f5f7fa;
  --accent: #0b5cad; --accent-soft: #e8f1fb;
  --critical: #9f1239; --high: #dc2626; --medium: #d97706; --low: #2563eb; --info: #64748b;
  --add: #e7f6ec; --add-ink: #14632f; --del: #fdecec; --del-ink: #8f1d1d;
  font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); background: var(--page); font-size: 14px; line-height: 1.45;
}
* { box-sizing: border-box; }
body { margin: 0; }
/* Rows added at the end of the findings table must push the text below them down, not stay put
   above the reader, or the table would keep growing under them (scroll anchoring). */
html { overflow-anchor: none; }
code, pre, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
header.top { background: #0f1e33; color: #fff; padding: 18px 32px; display: flex; align-items: baseline; gap: 24px; flex-wrap: wrap; }
header.top .brand { font-size: 20px; font-weight: 700; letter-spacing: .02em; }
header.top .sub { color: #b8c4d6; }
nav.toc { background: #fff; border-bottom: 1px solid var(--line); padding: 0 32px; display: flex; gap: 24px; position: sticky; top: 0; z-index: 2; }
nav.toc a { display: inline-block; padding: 10px 0; color: var(--muted); font-weight: 600; }
nav.toc a:hover { color: var(--accent); text-decoration: none; }
main { max-width: 1280px; margin: 0 auto; padding: 24px 32px 48px; }
section.block { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 20px 24px; margin-bottom: 24px; }
h2 { font-size: 18px; margin: 0 0 16px; }
h3 { font-size: 16px; margin: 0; }
h4 { font-size: 13px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin: 20px 0 8px; }
.meta { color: var(--muted); margin: 0 0 16px; }
.meta strong { color: var(--ink); font-weight: 600; }
.cards { display: grid; grid-template-columns: repeat(5, minmax(0, 1fr)); gap: 12px; margin-bottom: 12px; }
.cards.stats { grid-template-columns: repeat(4, minmax(0, 1fr)); margin-bottom: 20px; }
.cards.stats .card { padding: 8px 14px; } .cards.stats .n { font-size: 18px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 12px 14px; border-top: 4px solid var(--line); }
.card .n { font-size: 26px; font-weight: 700; display: block; }
.card .l { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .05em; }
.card.critical { border-top-color: var(--critical); } .card.high { border-top-color: var(--high); }
.card.medium { border-top-color: var(--medium); } .card.low { border-top-color: var(--low); }
.card.info { border-top-color: var(--info); } .card.neutral { border-top-color: var(--accent); }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(360px, 1fr)); gap: 16px; margin-top: 20px; }
figure.chart { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 12px; }
figure.chart figcaption { font-weight: 600; margin-bottom: 8px; }
svg text { font-family: inherit; font-size: 12px; fill: var(--ink); }
svg .bar-critical { fill: var(--critical); } svg .bar-high { fill: var(--high); }
svg .bar-medium { fill: var(--medium); } svg .bar-low { fill: var(--low); } svg .bar-info { fill: var(--info); }
svg .bar-kind { fill: var(--accent); } svg .bar-granted { fill: #cbd5e1; } svg .bar-used { fill: #0e9f6e; }
svg .value { fill: var(--muted); }
.legend { display: flex; gap: 16px; color: var(--muted); font-size: 12px; margin-top: 4px; }
.legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
.legend .granted { background: #cbd5e1; } .legend .used { background: #0e9f6e; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 7px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { white-space: nowrap; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); background: #f8fafc; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:hover { background: #f8fafc; }
th button.sort { all: unset; cursor: pointer; }
th button.sort::after { content: " \\2195"; color: #a0aab8; }
th[aria-sort="ascending"] button.sort::after { content: " \\2191"; color: var(--accent); }
th[aria-sort="descending"] button.sort::after { content: " \\2193"; color: var(--accent); }
.table-wrap { overflow-x: auto; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 11.5px; font-weight: 600; white-space: nowrap; background: #eef2f6; color: var(--muted); }
.badge.critical { background: var(--critical); color: #fff; } .badge.high { background: var(--high); color: #fff; }
.badge.medium { background: var(--medium); color: #fff; } .badge.low { background: var(--low); color: #fff; }
.badge.info { background: var(--info); color: #fff; }
.badge.ok { background: var(--add); color: var(--add-ink); } .badge.fail { background: var(--del); color: var(--del-ink); }
.badge.suppressed { background: #f1f5f9; color: var(--muted); border: 1px dashed #94a3b8; }
.kind { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; color: #334155; }
.arn { color: var(--muted); font-size: 12px; word-break: break-all; }
tr.suppressed td { color: var(--muted); }
.controls { display: flex; gap: 12px; flex-wrap: wrap; align-items: center; margin-bottom: 12px; }
.controls label { color: var(--muted); font-size: 12px; display: flex; gap: 6px; align-items: center; }
.controls select, .controls input[type="search"] { font: inherit; padding: 5px 8px; border: 1px solid #cbd5e1; border-radius: 5px; background: #fff; }
.controls input[type="search"] { min-width: 260px; }
.count { color: var(--muted); margin-left: auto; }
section.principal { border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin: 16px 0; scroll-margin-top: 56px; }
section.principal.focus, section.principal:target { border-color: var(--accent); box-shadow: 0 0 0 3px var(--accent-soft); }
.principal-head { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; }
.facts { display: flex; gap: 24px; flex-wrap: wrap; margin: 10px 0 0; color: var(--muted); }
.facts b { color: var(--ink); font-weight: 600; }
ul.findings { list-style: none; padding: 0; margin: 0; }
ul.findings li { border-left: 3px solid var(--line); padding: 6px 12px; margin-bottom: 8px; }
ul.findings li.critical { border-left-color: var(--critical); } ul.findings li.high { border-left-color: var(--high); }
ul.findings li.medium { border-left-color: var(--medium); } ul.findings li.low { border-left-color: var(--low); }
ul.findings li.info { border-left-color: var(--info); }
ul.findings p { margin: 4px 0; }
.remediation { color: #14532d; }
details > summary { cursor: pointer; color: var(--accent); margin: 4px 0; }
pre { background: #f8fafc; border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; overflow: auto; max-height: 420px; margin: 6px 0; }
.policy-head { display: flex; align-items: center; gap: 10px; margin-top: 10px; }
.policy-head .name { font-weight: 600; }
button.copy { font: inherit; font-size: 12px; padding: 3px 12px; border: 1px solid var(--accent); color: var(--accent); background: #fff; border-radius: 5px; cursor: pointer; }
button.copy:hover { background: var(--accent-soft); }
button.copy.done { background: var(--add); border-color: var(--add-ink); color: var(--add-ink); }
pre.diff { padding: 0; }
pre.diff span { display: block; padding: 0 12px; white-space: pre; }
pre.diff .add { background: var(--add); color: var(--add-ink); }
pre.diff .del { background: var(--del); color: var(--del-ink); }
pre.diff .skip { color: var(--muted); background: #eef2f6; font-style: italic; }
pre.diff .file { color: var(--ink); background: #e2e8f0; font-weight: 600; }
.checks { display: flex; gap: 8px; flex-wrap: wrap; margin: 8px 0; }
.empty { color: var(--muted); font-style: italic; }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 16px; }
footer { color: var(--muted); text-align: center; font-size: 12px; padding: 0 0 32px; }
[hidden] { display: none !important; }
@media print {
  nav.toc, .controls, button.copy { display: none; }
  body, :root { background: #fff; }
  pre { max-height: none; }
  section.block, section.principal { break-inside: avoid-page; }
}
`;
