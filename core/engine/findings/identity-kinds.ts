import { type Finding, type FindingKind, findingId, type Severity } from "./types.js";

type IdentityKind = Extract<
  FindingKind,
  | "unused-role"
  | "unused-user"
  | "unused-password"
  | "unused-access-key"
  | "access-key-not-rotated"
  | "multiple-active-access-keys"
  | "console-without-mfa"
  | "root-access-key"
  | "root-recently-used"
  | "weak-password-policy"
>;

/** Severity and remediation per kind, in one table so detectors cannot disagree about them. */
export const IDENTITY_KINDS: Record<IdentityKind, { severity: Severity; remediation: string }> = {
  "unused-role": {
    severity: "medium",
    remediation:
      "Confirm with the role's owner, then delete the role (or remove its policies). Unused roles keep trust and permissions an attacker can use.",
  },
  "unused-user": {
    severity: "medium",
    remediation:
      "Confirm with the user's owner, then disable the user's password and access keys and delete the user.",
  },
  "unused-password": {
    severity: "medium",
    remediation:
      "Delete the user's console password (aws iam delete-login-profile) until it is needed again.",
  },
  "unused-access-key": {
    severity: "medium",
    remediation: "Deactivate the access key (aws iam update-access-key --status Inactive), then delete it.",
  },
  "access-key-not-rotated": {
    severity: "medium",
    remediation:
      "Create a new access key, move the workload to it, then deactivate and delete the old one — or replace the key with a role.",
  },
  "multiple-active-access-keys": {
    severity: "low",
    remediation: "Keep one active access key per user; a second one is only for the duration of a rotation.",
  },
  "console-without-mfa": {
    severity: "high",
    remediation: "Enable an MFA device for the user, or remove the console password if it is not needed.",
  },
  "root-access-key": {
    severity: "critical",
    remediation: "Delete the root user's access keys and use IAM roles or users instead.",
  },
  "root-recently-used": {
    severity: "high",
    remediation:
      "Check that the root user's use was one of the tasks that require it; use IAM roles for everything else and protect root with MFA.",
  },
  "weak-password-policy": {
    severity: "medium",
    remediation:
      "Set an account password policy with a minimum length of at least 14 and reuse prevention of 24 (aws iam update-account-password-policy).",
  },
};

/** Builds an identity finding; the id hashes the kind and subject only, so it is stable across runs. */
export function identityFinding(
  kind: IdentityKind,
  subject: string[],
  fields: Pick<Finding, "title" | "detail" | "evidence"> & { principalArn?: string; severity?: Severity },
): Finding {
  const { severity, remediation } = IDENTITY_KINDS[kind];
  return {
    id: findingId(kind, ...subject),
    kind,
    severity: fields.severity ?? severity,
    ...(fields.principalArn ? { principalArn: fields.principalArn } : {}),
    title: fields.title,
    detail: fields.detail,
    evidence: fields.evidence,
    remediation,
  };
}
