import { createHash } from "node:crypto";
import { escapeHtml } from "./escape.js";
import { activitySection } from "./html/activity.js";
import { CLIENT_SCRIPT } from "./html/client.js";
import { coverageSection } from "./html/coverage.js";
import { findingsSection } from "./html/findings-table.js";
import type { HtmlOptions } from "./html/packed.js";
import { pageDataPieces, staticPrincipals } from "./html/page-data.js";
import { plansSection } from "./html/plans.js";
import { principalsSection } from "./html/principal.js";
import { sharedDocuments } from "./html/shared-documents.js";
import { STYLES } from "./html/styles.js";
import { summarySection } from "./html/summary.js";
import { principalRisks } from "./ranking.js";
import type { Report } from "./schema.js";

const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;

/**
 * The page may run exactly its own script and style (by hash) and load nothing: no network, no
 * frames, no forms, no base URL. An injected tag, had escaping ever missed one, could neither run
 * nor fetch. Images are only `data:` URLs (none are used today).
 */
export function contentSecurityPolicy(): string {
  return [
    "default-src 'none'",
    `script-src ${sha256(CLIENT_SCRIPT)}`,
    `style-src ${sha256(STYLES)}`,
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

/**
 * report.html: one self-contained file a security team can open from disk or an email. Every
 * section is rendered here with account text escaped; what the client script needs (every finding
 * as a compact row, the principals without a server-rendered section, the recommended documents)
 * is embedded once as inert JSON. At thousands of principals the page stays tens of megabytes
 * smaller than the report: the script renders the long lists in chunks, never all at once.
 */
export function renderHtml(report: Report, options: HtmlOptions = {}): string {
  return [...htmlPieces(report, options)].join("");
}

/**
 * report.html in pieces, to be written as they come: whole, the page is a string of 100+ MB.
 * `options.pack` lets the long texts a reader opens one at a time be embedded compressed.
 */
export function* htmlPieces(report: Report, options: HtmlOptions = {}): Generator<string> {
  // Ranked once: the summary, the principals chosen for the page and their index all read it.
  const risks = principalRisks(report);
  const rendered = staticPrincipals(report, risks);
  const shared = sharedDocuments(report);
  const account = report.alias ? `${report.accountId} (${report.alias})` : report.accountId;
  const title = `Whittle report — ${account}`;
  yield [
    "<!doctype html>",
    `<html lang="en"><head><meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy()}">`,
    `<meta name="referrer" content="no-referrer">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${escapeHtml(title)}</title><style>${STYLES}</style></head><body>`,
    `<header class="top"><span class="brand">Whittle</span>`,
    `<span>IAM audit and least-privilege report</span>`,
    `<span class="sub">account ${escapeHtml(account)} · ${report.window.days}-day window</span></header>`,
    `<nav class="toc"><a href="#summary">Summary</a><a href="#coverage">Coverage</a><a href="#plans">Changes</a><a href="#findings">Findings</a>`,
    `<a href="#principals">Principals</a><a href="#activity">Activity</a></nav><main>`,
    summarySection(report, risks),
    coverageSection(report),
  ].join("");
  yield* plansSection(report, shared, options);
  yield findingsSection(report);
  yield* principalsSection(report, rendered, risks, shared, options);
  yield [
    activitySection(report),
    `</main><footer>Whittle ${escapeHtml(report.engine.version)} · action catalog `,
    `${escapeHtml(report.engine.catalogVersion)} · report schema v${report.schemaVersion}</footer>`,
    `<script type="application/json" id="report-data">`,
  ].join("");
  yield* pageDataPieces(report, rendered);
  yield `</script><script>${CLIENT_SCRIPT}</script></body></html>\n`;
}
