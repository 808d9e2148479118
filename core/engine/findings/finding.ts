import { FINDING_KIND_TABLE, gradeOf, type Variant } from "./kinds.js";
import { type Finding, type FindingKind, findingId } from "./types.js";

export interface FindingFields<K extends FindingKind> {
  title?: string;
  detail: string;
  evidence: Record<string, unknown>;
  principalArn?: string;
  policyArn?: string;
  policySource?: string;
  statementIndex?: number;
  actions?: string[];
  /** The kind's named case that moves the severity (see the kind table). */
  variant?: Variant<K>;
}

/** Where a finding points, in the order of report.json's finding (see report/schema.ts). */
const SUBJECT_FIELDS = ["principalArn", "policyArn", "policySource", "statementIndex", "actions"] as const;

/**
 * The one finding builder: severity, remediation and the default title come from the kind table;
 * the id hashes kind and subject only (ARNs, key ids — never dates or counts), so it is stable
 * across runs and stores can track a finding from open to resolved. Fields come in the report
 * schema's order, whatever the detector's: a report in that order is validated without a copy.
 */
export function buildFinding<K extends FindingKind>(
  kind: K,
  subject: readonly string[],
  fields: FindingFields<K>,
): Finding {
  const info = FINDING_KIND_TABLE[kind];
  const finding: Finding = {
    id: findingId(kind, ...subject),
    kind,
    ...gradeOf(kind, fields.variant),
  } as Finding;
  for (const key of SUBJECT_FIELDS) if (key in fields) Object.assign(finding, { [key]: fields[key] });
  finding.title = fields.title ?? info.title;
  finding.detail = fields.detail;
  finding.evidence = fields.evidence;
  finding.remediation = info.remediation;
  return finding;
}
