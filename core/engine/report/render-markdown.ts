import { SEVERITIES } from "../findings/types.js";
import { markdownFence, escapeMarkdown as md } from "./escape.js";
import { coverageMarkdown } from "./markdown-coverage.js";
import { plansMarkdown, plural } from "./markdown-plans.js";
import { principalNames } from "./principal-names.js";
import { countByKind, topPrincipals } from "./ranking.js";
import type { Report, ReportFinding } from "./schema.js";

/** Principals listed in the summary table; the HTML report has them all. */
const TOP = 10;

const num = (n: number) => n.toLocaleString("en-US");
const day = (iso: string) => iso.slice(0, 10);

function summary(report: Report): string[] {
  const account = report.alias ? `${report.accountId} (${report.alias})` : report.accountId;
  const { findings } = report.summary;
  return [
    `# Whittle IAM audit: ${md(account)}`,
    "",
    `Window ${day(report.window.start)} → ${day(report.window.end)} (${report.window.days} days), generated ${md(report.generatedAt)}.`,
    "",
    "| Critical | High | Medium | Low | Info | Suppressed | Principals | Recommendations | Events |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    `| ${SEVERITIES.map((s) => num(findings[s])).join(" | ")} | ${num(report.summary.suppressed)} | ${num(report.summary.principals)} | ${num(report.summary.recommendations)} | ${num(report.summary.events)} |`,
  ];
}

function kinds(report: Report): string[] {
  const rows = countByKind(report.findings);
  if (rows.length === 0) return [];
  return [
    "",
    "## Findings by kind",
    "",
    "| Kind | Open |",
    "| --- | ---: |",
    ...rows.map(([k, n]) => `| ${k} | ${num(n)} |`),
  ];
}

function top(report: Report): string[] {
  const rows = topPrincipals(report, TOP);
  if (rows.length === 0) return [];
  return [
    "",
    "## Top principals by removable risk",
    "",
    "| Principal | Type | Critical | High | Medium | Low | Removable actions | Risky removable |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map(
      (r) =>
        `| ${md(r.principal.name)} | ${r.principal.type} | ${(["critical", "high", "medium", "low"] as const).map((s) => r.findings[s]).join(" | ")} | ${num(r.removableActions)} | ${num(r.riskyActions)} |`,
    ),
  ];
}

const namesOf = new WeakMap<Report, Map<string, string>>();

function subjectOf(report: Report, f: ReportFinding): string {
  if (!f.principalArn) return f.policyArn ?? f.policySource ?? "account";
  let names = namesOf.get(report);
  if (!names) {
    // First name per ARN, as a search from the start would find.
    names = new Map();
    for (const p of report.principals) if (!names.has(p.arn)) names.set(p.arn, p.name);
    namesOf.set(report, names);
  }
  return names.get(f.principalArn) ?? f.principalArn;
}

const lastName = (arn: string) => arn.split("/").pop() ?? arn;

/** A policy as a reader names it: `policy X`, `inline policy X of P`, `trust policy of R`. */
function policyLabel(source: string): string {
  const [owner, rest] = source.split("#", 2);
  if (rest === "trust") return `trust policy of ${lastName(owner!)}`;
  if (rest?.startsWith("inline/"))
    return `inline policy ${rest.slice("inline/".length)} of ${lastName(owner!)}`;
  return `policy ${lastName(source)}`;
}

/**
 * One line per finding; findings about one statement of one policy (an AWS managed policy attached
 * to many principals repeats the same finding) become one line naming the policy, the statement
 * and every principal. Made as they are read, a batch at a time (see inBatches).
 */
function* findingLines(report: Report, list: readonly ReportFinding[]): Generator<string> {
  const groups = new Map<string, ReportFinding[]>();
  for (const f of list) {
    const policy = f.policyArn ?? f.policySource;
    const key =
      policy !== undefined && f.statementIndex !== undefined
        ? `${f.kind}\u0000${policy}\u0000${f.statementIndex}`
        : f.id;
    const group = groups.get(key);
    if (group) group.push(f);
    else groups.set(key, [f]);
  }
  for (const group of groups.values()) yield findingLine(report, group);
}

function findingLine(report: Report, group: readonly ReportFinding[]): string {
  const f = group[0]!;
  const suppressed = f.suppressed ? ` _(suppressed: ${md(f.suppressed.reason)})_` : "";
  const policy = f.policyArn ?? f.policySource;
  if (policy === undefined || f.statementIndex === undefined)
    return `- **${md(subjectOf(report, f))}** (${f.kind}): ${md(f.title)}${suppressed}`;
  const where = `${md(policyLabel(policy))}, statement ${f.statementIndex}`;
  const who = [...new Set(group.map((g) => subjectOf(report, g)))];
  const whom =
    group.length === 1 ? md(f.title) : `${plural(who.length, "principal")}: ${who.map(md).join(", ")}`;
  return `- **${where}** (${f.kind}): ${whom}${suppressed}`;
}

/** Lines per batch: a large account's findings are megabytes of text, written as they are made. */
const BATCH_LINES = 256;

/** `lines` in batches of BATCH_LINES: markdownPieces joins batches as it joins the lines in one. */
function* inBatches(lines: Iterable<string>): Generator<string[]> {
  let batch: string[] = [];
  for (const line of lines) {
    batch.push(line);
    if (batch.length === BATCH_LINES) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

function* findings(report: Report): Generator<string[]> {
  yield ["", "## Findings"];
  const open = report.findings.filter((f) => !f.suppressed);
  for (const severity of SEVERITIES) {
    const list = open.filter((f) => f.severity === severity);
    if (list.length === 0) continue;
    yield ["", `### ${severity[0]!.toUpperCase()}${severity.slice(1)} (${num(list.length)})`, ""];
    yield* inBatches(findingLines(report, list));
  }
  const suppressed = report.findings.filter((f) => f.suppressed);
  if (suppressed.length > 0) {
    yield [
      "",
      `### Suppressed (${num(suppressed.length)})`,
      "",
      "Accepted risks, by configured exclusion:",
      "",
    ];
    yield* inBatches(findingLines(report, suppressed));
  }
  if (report.findings.length === 0) yield ["", "No findings."];
}

function* recommendations(report: Report): Generator<string[]> {
  yield ["", "## Recommendations"];
  if (report.recommendations.length === 0)
    yield ["", "No recommendation (no principal with activity in the window)."];
  const names = principalNames(report);
  for (const rec of report.recommendations) {
    const name = names.get(rec.principalArn) ?? rec.principalArn;
    const check = (ok: boolean) => (ok ? "✅" : "❌");
    const out = [
      "",
      `### ${md(name)}`,
      "",
      md(rec.summary),
      "",
      `${check(rec.checks.withinCurrent)} within current permissions · ${check(rec.checks.coversObserved)} covers observed activity`,
    ];
    for (const policy of rec.policies)
      out.push(
        "",
        `**${md(policy.name)}**`,
        "",
        markdownFence(JSON.stringify(policy.document, null, 2), "json"),
      );
    yield out;
  }
}

/**
 * report.md, for tickets and pull requests: the changes to make first, one section per plan.
 * Account text is Markdown-escaped; policies and IaC sit in fenced blocks.
 */
export function renderMarkdown(report: Report): string {
  return [...markdownPieces(report)].join("");
}

/**
 * report.md in pieces, to be written as they come: each group's lines joined by newlines, and a
 * newline between groups, so a section split into several groups reads as it would in one.
 */
export function* markdownPieces(report: Report): Generator<string> {
  let first = true;
  for (const lines of markdownGroups(report)) {
    if (lines.length === 0) continue;
    yield `${first ? "" : "\n"}${lines.join("\n")}`;
    first = false;
  }
  yield "\n";
}

/** The sections' lines; the long ones a plan, a recommendation or a batch of findings at a time. */
function* markdownGroups(report: Report): Generator<readonly string[]> {
  yield summary(report);
  yield coverageMarkdown(report);
  yield* plansMarkdown(report);
  yield kinds(report);
  yield top(report);
  yield* findings(report);
  yield* recommendations(report);
}
