import type { ProblemSeverity } from "../types.js";

/**
 * Every code the linter can report, with its default severity and a one-line title. Checks name a
 * code; the severity comes from here, so one table decides how loud each problem is (parliament's
 * config.yaml plays the same role). Grammar codes come from the parser with their own severity.
 */
export const LINT_CODES = {
  "check-failed": { severity: "error", title: "A lint check crashed; other problems may be missing" },
  "unknown-service": { severity: "warning", title: "Action names a service prefix IAM does not have" },
  "unknown-action": { severity: "warning", title: "Action names no action of a known service" },
  "pass-role-wildcard": { severity: "security", title: "iam:PassRole allowed on every role" },
  "redundant-action": { severity: "suggestion", title: "Action already covered by another entry" },
  "redundant-resource": { severity: "suggestion", title: "Resource already covered by another entry" },
  "not-principal-allow": { severity: "security", title: "NotPrincipal with Allow grants everyone else" },
  "wildcard-only-action-with-resource": {
    severity: "warning",
    title: 'Action supports only "Resource": "*" but is given ARNs',
  },
  "action-resource-mismatch": {
    severity: "warning",
    title: "No Resource entry names what the action acts on",
  },
  "resource-mismatch": { severity: "warning", title: "Resource matches none of the statement's actions" },
  "invalid-arn": { severity: "warning", title: "Resource ARN is malformed" },
  "policy-too-large": { severity: "error", title: "Policy exceeds the IAM size quota" },
  "invalid-sid": { severity: "error", title: "Sid is not alphanumeric" },
  "duplicate-sid": { severity: "error", title: "Sid used by more than one statement" },
  "old-version": { severity: "warning", title: 'Version "2008-10-17" does not support policy variables' },
  "unknown-condition-key": { severity: "warning", title: "Condition key is not documented" },
  "condition-key-not-applicable": {
    severity: "warning",
    title: "Condition key applies to none of the statement's actions",
  },
  "condition-type-mismatch": { severity: "warning", title: "Condition operator does not fit the key's type" },
  "condition-type-usable": {
    severity: "suggestion",
    title: "String operator on a typed key works, but the typed operator is more precise",
  },
  "invalid-condition-value": { severity: "warning", title: "Condition value does not fit the operator" },
  "invalid-null-value": { severity: "warning", title: 'Null takes only "true" or "false"' },
  "bad-mfa-condition": { severity: "security", title: "MFA check that does not enforce MFA" },
  "resource-star": { severity: "warning", title: 'Allow on "Resource": "*" for actions that support ARNs' },
} as const satisfies Record<string, { severity: ProblemSeverity; title: string }>;

export type LintCode = keyof typeof LINT_CODES;

export function isLintCode(code: string): code is LintCode {
  return Object.hasOwn(LINT_CODES, code);
}
