import { FINDING_KINDS, SEVERITIES } from "../../findings/types.js";
import { escapeJsonText, htmlText } from "../escape.js";
import { type PrincipalRisk, principalRisks } from "../ranking.js";
import type { Report, ReportFinding, ReportPrincipal } from "../schema.js";

/**
 * What the page's script reads, embedded once as inert JSON: every finding as a compact row and
 * the principals the server did not render a section for. Copy reads a document from its <pre>, so
 * the documents (megabytes at a large account) are not in the page twice.
 * Not the whole report: report.json has that, and at thousands of principals the page must stay a
 * size a browser opens. Repeated texts (details, remediations, policy ARNs) are stored once.
 * Account text is as the markup shows it (htmlText): control and bidirectional characters U+FFFD.
 */
export interface PageData {
  /** Texts referred to by index from the rows below. */
  texts: string[];
  /** [severity index, kind index, principal index or -1, policy ARN or source text or -1, title, detail text, remediation text, suppressed text or -1] */
  findings: [number, number, number, number, string, number, number, number][];
  /** Every principal's name, in report order (a finding's principal index points here). */
  names: string[];
  /** Per principal: [ARN, type, last used or "", granted, used, open findings, policy source texts]; null when the server rendered its section. */
  sections: ([string, string, string, number, number, number, number[]] | null)[];
}

/** Rows of the findings table the server writes; the script renders the rest in chunks. */
export const STATIC_ROWS = 200;
/** Principal sections the server writes: those with a recommendation, then the riskiest, up to this many. */
export const STATIC_PRINCIPALS = 200;

/** The principals (by ARN) whose sections are rendered on the server. */
export function staticPrincipals(
  report: Report,
  risks: readonly PrincipalRisk[] = principalRisks(report),
): Set<string> {
  const chosen = new Set(report.recommendations.map((r) => r.principalArn));
  for (const r of risks) {
    if (chosen.size >= Math.max(STATIC_PRINCIPALS, report.recommendations.length)) break;
    chosen.add(r.principal.arn);
  }
  return chosen;
}

type FindingRow = PageData["findings"][number];
type SectionRow = PageData["sections"][number];

/** The rows of the page data, each text interned as it is first named: texts are numbered in that order. */
function pageRows(report: Report, rendered: ReadonlySet<string>) {
  const texts: string[] = [];
  const ids = new Map<string, number>();
  const text = (value: string | undefined): number => {
    if (value === undefined) return -1;
    const shown = htmlText(value);
    let id = ids.get(shown);
    if (id === undefined) {
      id = texts.push(shown) - 1;
      ids.set(shown, id);
    }
    return id;
  };
  const principalIndex = new Map(report.principals.map((p, i) => [p.arn, i]));
  const finding = (f: ReportFinding): FindingRow => [
    SEVERITIES.indexOf(f.severity),
    FINDING_KINDS.indexOf(f.kind),
    f.principalArn ? (principalIndex.get(f.principalArn) ?? -1) : -1,
    // A principal that is not in the report is shown by its ARN, as a policy is; an inline or
    // trust policy by its source (also searched where the row shows its principal).
    text(
      f.policyArn ??
        (f.principalArn && !principalIndex.has(f.principalArn) ? f.principalArn : f.policySource),
    ),
    htmlText(f.title),
    text(f.detail),
    text(f.remediation),
    text(f.suppressed ? `${f.suppressed.rule}: ${f.suppressed.reason}` : undefined),
  ];
  const section = (p: ReportPrincipal): SectionRow =>
    rendered.has(p.arn)
      ? null
      : [
          htmlText(p.arn),
          p.type,
          htmlText(p.lastUsed ?? ""),
          p.grantedActions,
          p.observedActions,
          p.findings,
          p.policySources.map((s) => text(s)),
        ];
  return { texts, finding, section };
}

export function pageData(report: Report, rendered: ReadonlySet<string>): PageData {
  const { texts, finding, section } = pageRows(report, rendered);
  return {
    texts,
    findings: report.findings.map(finding),
    names: report.principals.map((p) => htmlText(p.name)),
    sections: report.principals.map(section),
  };
}

/** Characters of JSON text per piece: small enough to stay out of the heap's large-object space. */
const PIECE_CHARS = 16_384;

/**
 * `embedJson(pageData(report, rendered))` in pieces, to be written as they come: whole, a large
 * account's page data is a string of tens of MB, made two or three times over (the object, its
 * JSON, the escaped JSON) beside the report. The texts come first in the JSON but are all known
 * only once every row has named its own: a first pass interns them, in the rows' order, and the
 * second writes the rows one by one, each text then found by its id.
 */
export function* pageDataPieces(report: Report, rendered: ReadonlySet<string>): Generator<string> {
  const { texts, finding, section } = pageRows(report, rendered);
  for (const f of report.findings) finding(f);
  for (const p of report.principals) section(p);
  yield* jsonArrayPieces('{"texts":', texts);
  yield* jsonArrayPieces(',"findings":', mapped(report.findings, finding));
  yield* jsonArrayPieces(
    ',"names":',
    mapped(report.principals, (p) => htmlText(p.name)),
  );
  yield* jsonArrayPieces(',"sections":', mapped(report.principals, section));
  yield "}";
}

function* mapped<T, U>(items: readonly T[], map: (item: T) => U): Generator<U> {
  for (const item of items) yield map(item);
}

/** `prefix` and the JSON of an array of `items`, escaped for the page, in pieces of about PIECE_CHARS. */
function* jsonArrayPieces(prefix: string, items: Iterable<unknown>): Generator<string> {
  let piece = `${prefix}[`;
  let first = true;
  for (const item of items) {
    piece += first ? JSON.stringify(item) : `,${JSON.stringify(item)}`;
    first = false;
    if (piece.length >= PIECE_CHARS) {
      yield escapeJsonText(piece);
      piece = "";
    }
  }
  yield escapeJsonText(`${piece}]`);
}
