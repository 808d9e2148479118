import { FINDING_KIND_TABLE, gradeOf, type Variant } from "./kinds.js";
import { type Finding, type FindingKind, findingId } from "./types.js";

export interface FindingFields<K extends FindingKind> {
  title?: string;
  detail: string;
  evidence: Record<string, unknown>;
  principalArn?: string;
  policyArn?: string;
  statementIndex?: number;
  actions?: string[];
  /** The kind's named case that moves the severity (see the kind table). */
  variant?: Variant<K>;
}

/**
 * The one finding builder: severity, remediation and the default title come from the kind table;
 * the id hashes kind and subject only (ARNs, key ids — never dates or counts), so it is stable
 * across runs and stores can track a finding from open to resolved.
 */
export function buildFinding<K extends FindingKind>(
  kind: K,
  subject: readonly string[],
  fields: FindingFields<K>,
): Finding {
  const { variant, title, ...rest } = fields;
  const info = FINDING_KIND_TABLE[kind];
  return {
    id: findingId(kind, ...subject),
    kind,
    ...gradeOf(kind, variant),
    ...rest,
    title: title ?? info.title,
    remediation: info.remediation,
  };
}
