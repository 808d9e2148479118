import { z } from "zod";
import { SEVERITIES, type Severity } from "./severity.js";
import type { FindingKind } from "./types.js";

export { SEVERITIES, type Severity } from "./severity.js";

/**
 * The one field a finding takes from its kind's entry. Declared here, beside the table, so that
 * severities are written nowhere else: the finding type, the builder and the report schema reuse it.
 */
export const gradedSchema = z.object({ severity: z.enum(SEVERITIES) });
export type Graded = z.infer<typeof gradedSchema>;

/** `severity`: the severity model (docs/severity-model.md), a finding's default severity. */
interface KindInfo extends Graded {
  /** What the kind is about, in a few words (the finding's own title names the subject). */
  title: string;
  remediation: string;
  /** Named cases that move the severity, so that a detector names the case, never a severity. */
  variants?: Readonly<Record<string, Severity>>;
}

/**
 * Every finding kind's severity, title and remediation, in one table keyed by kind (parliament's
 * model): detectors name a kind and, at most, one of its variants; they cannot disagree about
 * severity. A variant moves a finding down when a condition may block it, or up to critical when
 * anyone can become the principal.
 */
export const FINDING_KIND_TABLE = {
  "unused-role": {
    severity: "medium",
    title: "Role not used",
    remediation:
      "Confirm with the role's owner, then delete the role (or remove its policies). Unused roles keep trust and permissions an attacker can use.",
    // The service, not the account, decides when a service-linked role can go.
    variants: { "service-linked": "info" },
  },
  "unused-user": {
    severity: "medium",
    title: "User not used",
    remediation:
      "Confirm with the user's owner, then disable the user's password and access keys and delete the user.",
  },
  "unused-password": {
    severity: "medium",
    title: "Console password not used",
    remediation:
      "Delete the user's console password (aws iam delete-login-profile) until it is needed again.",
  },
  "unused-access-key": {
    severity: "medium",
    title: "Access key not used",
    remediation: "Deactivate the access key (aws iam update-access-key --status Inactive), then delete it.",
  },
  "access-key-not-rotated": {
    severity: "medium",
    title: "Access key not rotated",
    remediation:
      "Create a new access key, move the workload to it, then deactivate and delete the old one — or replace the key with a role.",
  },
  "multiple-active-access-keys": {
    severity: "low",
    title: "More than one active access key",
    remediation: "Keep one active access key per user; a second one is only for the duration of a rotation.",
  },
  "console-without-mfa": {
    severity: "high",
    title: "Console access without MFA",
    remediation: "Enable an MFA device for the user, or remove the console password if it is not needed.",
  },
  "root-access-key": {
    severity: "critical",
    title: "Root user has an access key",
    remediation: "Delete the root user's access keys and use IAM roles or users instead.",
  },
  "root-recently-used": {
    severity: "high",
    title: "Root user used recently",
    remediation:
      "Check that the root user's use was one of the tasks that require it; use IAM roles for everything else and protect root with MFA.",
  },
  "weak-password-policy": {
    severity: "medium",
    title: "Weak account password policy",
    remediation:
      "Set an account password policy with a minimum length of at least 14 and reuse prevention of 24 (aws iam update-account-password-policy).",
  },
  "unused-service": {
    severity: "low",
    title: "Services allowed but not used",
    remediation:
      "Remove these services' permissions from the policies granting them (the recommended policy does).",
    variants: { "permissions-management": "medium" },
  },
  "unused-action": {
    severity: "low",
    title: "Actions allowed but not used",
    remediation: "Narrow the grants to the actions this principal calls (the recommended policy does).",
    variants: { "permissions-management": "medium" },
  },
  "admin-access": {
    severity: "critical",
    title: "Administrator access",
    remediation:
      "Replace the administrator grant with policies for the services the principal uses (generate one from its activity), and keep full administrators few, named and protected by MFA.",
    // Still an administrator of everything the organization's SCPs leave it.
    variants: { conditional: "high", "scp-limited": "high" },
  },
  "privilege-escalation": {
    severity: "high",
    title: "Privilege escalation path",
    remediation:
      "Remove one action of the path, or scope its Resource so that no more privileged role, user, group or policy can be reached (e.g. iam:PassRole limited to the roles the workload needs, with iam:PassedToService).",
    // A path (in the account, or across the organization's accounts) that only SCPs or RCPs deny: the guardrail holds.
    variants: { conditional: "medium", "assumable-by-anyone": "critical", "scp-denied": "low" },
  },
  "credentials-exposure": {
    severity: "high",
    title: "Credential-issuing actions on any resource",
    remediation:
      "Grant credential-issuing actions only to the automation that needs them, scoped to specific resources.",
    variants: { conditional: "medium" },
  },
  "trust-any-principal": {
    severity: "critical",
    title: "Role assumable by any AWS principal",
    remediation:
      "Name the principals that may assume the role, or add a condition such as aws:PrincipalOrgID or aws:PrincipalAccount with StringEquals (not IfExists, not a negated operator).",
    variants: { conditional: "high" },
  },
  "trust-cross-account-no-external-id": {
    severity: "high",
    title: "Cross-account trust without an external id",
    remediation:
      "Require sts:ExternalId (for third parties, see the confused-deputy guidance) or aws:PrincipalOrgID in the trust policy's Condition.",
  },
  "trust-oidc-no-subject": {
    severity: "critical",
    title: "Web-identity trust open to every identity of the provider",
    remediation:
      "Add a condition on the provider's `sub` claim that names your own repositories, projects or workloads (e.g. token.actions.githubusercontent.com:sub = repo:ORG/REPO:ref:refs/heads/main).",
    variants: { conditional: "high" },
  },
  "trust-saml-no-audience": {
    severity: "low",
    title: "SAML trust that does not check the assertion's recipient",
    remediation:
      'Add "StringEquals": {"SAML:aud": [...]} naming the AWS sign-in endpoints your IdP posts to (https://signin.aws.amazon.com/saml, or https://REGION.signin.aws.amazon.com/saml).',
    // An outsider's own provider, should STS accept one for the role: as an open trust, conditional.
    variants: { conditional: "info", "outsider-provider": "high" },
  },
  "data-exfiltration": {
    severity: "medium",
    title: "Data-reading actions on any resource",
    remediation: "Scope data-reading actions to the resources the principal needs, or remove them.",
    variants: { conditional: "low" },
  },
  "resource-exposure": {
    severity: "medium",
    title: "Resource-sharing actions on any resource",
    remediation:
      "Grant actions that change resource policies and sharing only to the principals that manage those resources, scoped to them.",
    variants: { conditional: "low" },
  },
  "service-wildcard": {
    severity: "medium",
    title: "Every action of a service allowed",
    remediation: "Replace `service:*` with the actions the principal uses.",
  },
  "pass-role-wildcard": {
    severity: "medium",
    title: "iam:PassRole on every role",
    remediation:
      "Limit iam:PassRole to the ARNs of the roles the workload passes, with an iam:PassedToService condition.",
    variants: { conditional: "low" },
  },
  "not-action-allow": {
    severity: "medium",
    title: "Allow with NotAction",
    remediation:
      "Rewrite the Allow with an explicit Action list: NotAction with Allow grants every action not listed, including services added later.",
  },
  "not-resource-allow": {
    severity: "medium",
    title: "Allow with NotResource",
    remediation: "Rewrite the Allow with an explicit Resource list.",
  },
  "resource-wildcard": {
    severity: "low",
    title: "Resource-scoped actions allowed on every resource",
    remediation:
      "Name the resources in the Resource element; these actions support resource-level permissions.",
  },
  "infrastructure-modification": {
    severity: "low",
    title: "Write actions on any resource",
    remediation: "Scope write actions to the resources the principal manages, or remove unused ones.",
    variants: { conditional: "info" },
  },
  "inline-policy": {
    severity: "low",
    title: "Inline policy",
    remediation:
      "Move the inline policy into a customer managed policy so that it is versioned, reusable and visible in one place.",
  },
  "policy-invalid": {
    severity: "medium",
    title: "Policy document with errors",
    remediation:
      "Check the document with `whittle validate` and fix its errors; if the snapshot file was edited or truncated, collect it again.",
  },
  "policy-warning": {
    severity: "low",
    title: "Policy document with lint warnings",
    remediation: "Check the document with `whittle validate` and fix what it reports.",
    variants: { "suggestions-only": "info" },
  },
  "recommendation-unproven": {
    severity: "info",
    title: "No least-privilege policy could be proven",
    remediation:
      "Review the principal's observed activity and current policies by hand (for a change plan, those of every principal it touches); the evidence names what could not be proven.",
  },
} as const satisfies Record<FindingKind, KindInfo>;

type Table = typeof FINDING_KIND_TABLE;

/** The named severity cases of one kind (never for kinds without any). */
export type Variant<K extends FindingKind> = Table[K] extends { variants: infer V }
  ? keyof V & string
  : never;

/** The severity of a kind, or of one of its variants, as the field the builder spreads into a finding. */
export function gradeOf<K extends FindingKind>(kind: K, variant?: Variant<K>): Graded {
  const info: KindInfo = FINDING_KIND_TABLE[kind];
  if (variant === undefined) return { severity: info.severity };
  const moved = info.variants?.[variant];
  if (!moved) throw new Error(`finding kind ${kind} has no variant ${variant}`);
  return { severity: moved };
}
