import * as crypto from "node:crypto";
import type { Graded } from "./kinds.js";

export { SEVERITIES, type Severity } from "./kinds.js";

/** The fixed vocabulary of ../CONTRACT: add kinds, never rename them. */
export const FINDING_KINDS = [
  "unused-role",
  "unused-user",
  "unused-password",
  "unused-access-key",
  "access-key-not-rotated",
  "multiple-active-access-keys",
  "console-without-mfa",
  "root-access-key",
  "root-recently-used",
  "weak-password-policy",
  "unused-service",
  "unused-action",
  "admin-access",
  "service-wildcard",
  "resource-wildcard",
  "not-action-allow",
  "not-resource-allow",
  "privilege-escalation",
  "data-exfiltration",
  "resource-exposure",
  "credentials-exposure",
  "infrastructure-modification",
  "pass-role-wildcard",
  "inline-policy",
  "trust-any-principal",
  "trust-cross-account-no-external-id",
  "trust-oidc-no-subject",
  "trust-saml-no-audience",
  "policy-invalid",
  "policy-warning",
  "recommendation-unproven",
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** A finding: its severity comes from the kind table (`Graded`), never from a detector. */
export interface Finding extends Graded {
  /** Stable across runs: a hash of kind + subject (see findingId). */
  id: string;
  kind: FindingKind;
  principalArn?: string;
  policyArn?: string;
  /**
   * The policy a finding is about, as report.json's `policies` keys and `principals[].policySources` name it:
   * a managed policy's ARN, `principalArn#inline/name`, or `roleArn#trust`. Inline and trust policies
   * have no ARN, so without it a `statementIndex` would not say which of a principal's policies it is in.
   */
  policySource?: string;
  statementIndex?: number;
  actions?: string[];
  title: string;
  detail: string;
  evidence: Record<string, unknown>;
  remediation: string;
  /** Set when an exclusion rule accepts the finding: it stays in the report, marked, never removed. */
  suppressed?: { reason: string; rule: string };
}

/** One-shot hashing where Node has it (20.12+), under a third of the cost for a large account's findings. */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === "function"
    ? (text) => crypto.hash("sha256", text, "hex")
    : (text) => crypto.createHash("sha256").update(text).digest("hex");

/**
 * A finding's id must not change between runs while the problem persists, so that stores can
 * track it from open to resolved: it hashes the kind and a subject string (ARNs, key ids), never
 * dates or counts.
 */
export function findingId(kind: FindingKind, ...subject: string[]): string {
  return sha256Hex([kind, ...subject].join("\u0000")).slice(0, 24);
}
