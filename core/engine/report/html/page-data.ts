import { FINDING_KINDS, SEVERITIES } from "../../findings/types.js";
import { htmlText } from "../escape.js";
import { type PrincipalRisk, principalRisks } from "../ranking.js";
import type { Report } from "../schema.js";

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

export function pageData(report: Report, rendered: ReadonlySet<string>): PageData {
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
  return {
    texts,
    findings: report.findings.map((f) => [
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
    ]),
    names: report.principals.map((p) => htmlText(p.name)),
    sections: report.principals.map((p) =>
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
          ],
    ),
  };
}
