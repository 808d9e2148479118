import type { PolicyProblem } from "../types.js";

export type ProblemSeverity = "error" | "security" | "warning" | "suggestion";

/** The one field a problem takes from its code's entry, declared beside the table that sets it. */
export interface LintGraded {
  severity: ProblemSeverity;
}

type Entry = LintGraded & { title: string };

/**
 * Every code the validator can report, parser and checks alike, with its severity and a one-line
 * title: one table decides how loud each problem is (parliament's config.yaml plays the same role).
 * Severities follow IAM Access Analyzer's finding types where it has the check (docs/validation.md
 * maps each code); `error` means IAM or AWS rejects or ignores what was written.
 */
export const LINT_CODES = {
  // Document grammar (reported by the parser).
  "malformed-json": { severity: "error", title: "Document is not valid JSON" },
  "not-an-object": { severity: "error", title: "Document is not a JSON object" },
  "unknown-element": { severity: "error", title: "Element IAM does not know" },
  "duplicate-key": { severity: "warning", title: "A key written twice in one object" },
  "missing-version": { severity: "warning", title: "No Version element" },
  "invalid-version": { severity: "error", title: "Version is not 2012-10-17 or 2008-10-17" },
  "missing-statement": { severity: "error", title: "No Statement" },
  "invalid-statement": { severity: "error", title: "Statement is not an object" },
  "document-too-long": { severity: "error", title: "A document larger than any policy AWS stores" },
  "string-too-long": { severity: "error", title: "A string longer than any policy AWS accepts" },
  "missing-effect": { severity: "error", title: "Statement has no Effect" },
  "invalid-effect": { severity: "error", title: "Effect is not Allow or Deny" },
  "missing-action": { severity: "error", title: "Statement has no Action or NotAction" },
  "invalid-action": { severity: "error", title: "Action is not of the form service:action" },
  "empty-action": { severity: "suggestion", title: "Action is an empty array: the statement does nothing" },
  "empty-notaction": { severity: "error", title: "NotAction is empty" },
  "missing-resource": { severity: "error", title: "Statement has no Resource or NotResource" },
  "invalid-resource": { severity: "error", title: 'Resource is neither "*" nor an ARN' },
  "empty-resource": {
    severity: "suggestion",
    title: "Resource is an empty array: the statement does nothing",
  },
  "empty-notresource": { severity: "error", title: "NotResource is empty" },
  "invalid-type": { severity: "error", title: "Element has the wrong JSON type" },
  "both-action-and-notaction": { severity: "error", title: "Action and NotAction in one statement" },
  "both-resource-and-notresource": { severity: "error", title: "Resource and NotResource in one statement" },
  "both-principal-and-notprincipal": {
    severity: "error",
    title: "Principal and NotPrincipal in one statement",
  },
  "missing-principal": { severity: "error", title: "Resource or trust policy statement has no Principal" },
  "invalid-principal": { severity: "error", title: 'Principal is neither "*" nor a map of principal types' },
  "principal-in-identity-policy": { severity: "error", title: "Identity policies take no Principal" },
  "principal-in-scp": { severity: "error", title: "Service control policies take no Principal" },
  "resource-in-trust-policy": { severity: "error", title: "Role trust policies take no Resource" },
  "not-principal-in-trust-policy": { severity: "error", title: "Role trust policies take no NotPrincipal" },
  "invalid-condition": { severity: "error", title: "Condition block is malformed" },
  "unknown-condition-operator": { severity: "error", title: "Condition operator IAM does not know" },
  "null-if-exists": { severity: "error", title: "Null cannot take the IfExists suffix" },
  "null-with-qualifier": { severity: "error", title: "Null with ForAllValues or ForAnyValue" },
  // Checks.
  "check-failed": { severity: "error", title: "A lint check crashed; other problems may be missing" },
  "unknown-service": { severity: "error", title: "Action names a service prefix IAM does not have" },
  "unknown-action": { severity: "error", title: "Action names no action of a known service" },
  "wildcard-in-service": { severity: "suggestion", title: "Wildcard in an action's service prefix" },
  "redundant-action": { severity: "suggestion", title: "Action already covered by another entry" },
  "redundant-resource": { severity: "suggestion", title: "Resource already covered by another entry" },
  "redundant-statement": { severity: "suggestion", title: "Statement grants what another one grants" },
  "pass-role-wildcard": { severity: "security", title: "iam:PassRole allowed on every role" },
  "create-slr-wildcard": { severity: "warning", title: "iam:CreateServiceLinkedRole allowed on every role" },
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
  "resource-star": { severity: "warning", title: 'Allow on "Resource": "*" for actions that support ARNs' },
  "invalid-arn": { severity: "warning", title: "Wildcard inside an ARN's resource type" },
  "missing-arn-field": { severity: "error", title: "ARN has fewer than six parts" },
  "invalid-partition": { severity: "error", title: "ARN partition AWS does not have" },
  "invalid-arn-region": { severity: "error", title: "ARN region is not a region" },
  "invalid-arn-account": { severity: "error", title: "ARN account is not a 12-digit account id" },
  "arn-service-case": { severity: "error", title: "ARN service is not lowercase" },
  "unknown-arn-service": { severity: "error", title: "ARN service AWS does not have" },
  "invalid-arn-resource": { severity: "error", title: "ARN matches no resource type of its service" },
  "arn-region-not-allowed": { severity: "error", title: "ARN has a region its service never uses" },
  "arn-account-not-allowed": { severity: "error", title: "ARN has an account its service never uses" },
  "missing-arn-region": { severity: "error", title: "ARN lacks the region its service needs" },
  "policy-too-large": { severity: "warning", title: "Identity policy exceeds the IAM size quota" },
  "trust-policy-too-large": { severity: "warning", title: "Trust policy exceeds the default size quota" },
  "resource-policy-too-large": { severity: "warning", title: "Resource policy exceeds the given quota" },
  "scp-too-large": { severity: "error", title: "Service control policy exceeds its size quota" },
  "invalid-sid": { severity: "error", title: "Sid is not alphanumeric" },
  "sid-not-alphanumeric": { severity: "warning", title: "Resource policy Sid is not alphanumeric" },
  "duplicate-sid": { severity: "error", title: "Sid used by more than one statement" },
  "sid-not-unique": { severity: "warning", title: "Resource policy Sid used more than once" },
  "empty-sid": { severity: "suggestion", title: "Sid is an empty string" },
  "old-version": { severity: "warning", title: 'Version "2008-10-17" does not support policy variables' },
  "variable-old-version": { severity: "error", title: "Policy variable under a Version without variables" },
  "variable-in-element": { severity: "error", title: "Policy variable outside Resource and Condition" },
  "variable-missing-brace": { severity: "error", title: "Policy variable without its closing brace" },
  "variable-missing-quote": { severity: "error", title: "Policy variable default without single quotes" },
  "variable-space": { severity: "error", title: "Space inside a policy variable" },
  "variable-empty": { severity: "error", title: "Empty policy variable ${}" },
  "variable-for-operator": {
    severity: "error",
    title: "Policy variable with a non-String, non-ARN operator",
  },
  "unknown-condition-key": { severity: "error", title: "Service condition key that is not documented" },
  "unknown-global-condition-key": { severity: "error", title: "aws: condition key that does not exist" },
  "invalid-condition-key-format": { severity: "error", title: "Condition key not of the form service:key" },
  "deprecated-global-key": { severity: "warning", title: "Deprecated global condition key" },
  "missing-tag-key": { severity: "error", title: "Tag condition key without a tag key" },
  "duplicate-condition-key-case": { severity: "error", title: "Condition key repeated in another case" },
  "condition-key-not-applicable": {
    severity: "error",
    title: "Condition key applies to only some or none of the statement's actions",
  },
  "condition-type-mismatch": { severity: "warning", title: "Condition operator does not fit the key's type" },
  "condition-type-usable": {
    severity: "suggestion",
    title: "String operator on a typed key works, but the typed operator is more precise",
  },
  "mixed-condition-value-types": { severity: "error", title: "Condition values of different JSON types" },
  "invalid-condition-value": { severity: "warning", title: "ARN operator value that is not an ARN" },
  "invalid-bool-value": { severity: "warning", title: "Bool value other than true or false" },
  "invalid-date-value": { severity: "warning", title: "Date value that is not an ISO 8601 date" },
  "invalid-number-value": { severity: "warning", title: "Numeric value that is not a number" },
  "invalid-ip-value": { severity: "warning", title: "IP value that is not an address or CIDR" },
  "invalid-binary-value": { severity: "warning", title: "Binary value that is not base64" },
  "invalid-null-value": { severity: "warning", title: 'Null takes only "true" or "false"' },
  "multiple-bool-values": { severity: "error", title: "Several values for a Bool condition" },
  "wildcard-without-like": { severity: "warning", title: "* or ? in a value of an operator without Like" },
  "missing-set-qualifier": { severity: "error", title: "Multivalued key without ForAllValues/ForAnyValue" },
  "for-all-values-single-key": { severity: "security", title: "ForAllValues on a single-valued key" },
  "empty-condition": { severity: "suggestion", title: "Empty Condition block" },
  "empty-condition-values": { severity: "suggestion", title: "Condition key with no values" },
  "empty-for-all-values": { severity: "suggestion", title: "ForAllValues with no values" },
  "empty-for-any-value": { severity: "suggestion", title: "ForAnyValue with no values: never matches" },
  "empty-if-exists": { severity: "suggestion", title: "IfExists with no values" },
  "redundant-numeric-values": { severity: "suggestion", title: "Several bounds for one numeric comparison" },
  "private-ip": { severity: "error", title: "aws:SourceIp IpAddress on private ranges only" },
  "private-not-ip": { severity: "error", title: "aws:SourceIp NotIpAddress on private ranges only" },
  "private-ip-subset": { severity: "suggestion", title: "aws:SourceIp IpAddress mixes private ranges in" },
  "private-not-ip-subset": {
    severity: "suggestion",
    title: "aws:SourceIp NotIpAddress mixes private ranges in",
  },
  "ip-host-bits": { severity: "suggestion", title: "CIDR with bits set after the mask" },
  "invalid-vpc": { severity: "error", title: "aws:SourceVpc value is not a VPC id" },
  "invalid-vpce": { severity: "error", title: "aws:SourceVpce value is not a VPC endpoint id" },
  "invalid-region-value": { severity: "error", title: "aws:RequestedRegion value is not a region" },
  "tag-key-unsupported-deny": { severity: "security", title: "Deny on a tag key the service's actions lack" },
  "tag-key-unsupported-allow": {
    severity: "suggestion",
    title: "Allow on a tag key the service's actions lack",
  },
  "bad-mfa-condition": { severity: "security", title: "MFA check that does not enforce MFA" },
  "empty-principal": { severity: "suggestion", title: "Principal names no principal" },
  "invalid-principal-key": { severity: "error", title: "Principal type IAM does not know" },
  "invalid-service-principal": { severity: "error", title: "Service principal of the wrong form" },
  "principal-wildcard": { severity: "error", title: "Wildcard inside a principal value" },
  "principal-star-in-trust": { severity: "error", title: 'Trust policy with "Principal": "*"' },
  "principal-role-id": { severity: "warning", title: "Principal is a role id, not a role ARN" },
  "principal-user-id": { severity: "warning", title: "Principal is a user id, not a user ARN" },
  "federated-principal-not-supported": {
    severity: "error",
    title: "Federated principal in a resource policy",
  },
  "invalid-federated-principal": { severity: "error", title: "Federated principal of the wrong form" },
  "mismatched-action-for-principal": {
    severity: "error",
    title: "AssumeRole action of another principal type",
  },
  "roles-anywhere-actions": { severity: "error", title: "Roles Anywhere trust lacks a required action" },
  "missing-action-for-condition-key": {
    severity: "error",
    title: "Session key condition without its action",
  },
  "redundant-principal": { severity: "suggestion", title: "Assumed-role principal beside its role" },
  "service-principal-no-source": {
    severity: "security",
    title: "Service principal without a source condition",
  },
  "oidc-condition-missing": {
    severity: "security",
    title: "OIDC principal without a condition on its claims",
  },
  "github-sub-missing": { severity: "security", title: "GitHub OIDC principal without a sub condition" },
  "github-sub-wildcard": { severity: "warning", title: "GitHub sub condition with a wildcard" },
} as const satisfies Record<string, Entry>;

export type LintCode = keyof typeof LINT_CODES;

export function isLintCode(code: string): code is LintCode {
  return Object.hasOwn(LINT_CODES, code);
}

/** A problem of `code`, its severity read from the table. */
export function problemOf(
  code: LintCode,
  path: string,
  message: string,
  statementIndex?: number,
): PolicyProblem {
  return {
    code,
    severity: LINT_CODES[code].severity,
    ...(statementIndex !== undefined ? { statementIndex } : {}),
    path,
    message,
  };
}
