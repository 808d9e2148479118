import { type Finding, type FindingKind, findingId, type Severity } from "../types.js";

export type PermissiveKind = Extract<
  FindingKind,
  | "admin-access"
  | "service-wildcard"
  | "resource-wildcard"
  | "not-action-allow"
  | "not-resource-allow"
  | "privilege-escalation"
  | "data-exfiltration"
  | "resource-exposure"
  | "credentials-exposure"
  | "infrastructure-modification"
  | "pass-role-wildcard"
  | "inline-policy"
  | "trust-any-principal"
  | "trust-cross-account-no-external-id"
  | "trust-oidc-no-subject"
>;

/**
 * The severity model (docs/severity-model.md) in one table keyed by kind, so detectors cannot
 * disagree about it. Detectors only move a finding down when a condition may block it, or up to
 * critical when anyone can become the principal; `adjust` names those two moves.
 */
export const PERMISSIVE_KINDS: Record<PermissiveKind, { severity: Severity; remediation: string }> = {
  "admin-access": {
    severity: "critical",
    remediation:
      "Replace the administrator grant with policies for the services the principal uses (generate one from its activity), and keep full administrators few, named and protected by MFA.",
  },
  "privilege-escalation": {
    severity: "high",
    remediation:
      "Remove one action of the path, or scope its Resource so that no more privileged role, user, group or policy can be reached (e.g. iam:PassRole limited to the roles the workload needs, with iam:PassedToService).",
  },
  "credentials-exposure": {
    severity: "high",
    remediation:
      "Grant credential-issuing actions only to the automation that needs them, scoped to specific resources.",
  },
  "trust-any-principal": {
    severity: "critical",
    remediation:
      "Name the principals that may assume the role, or add a condition such as aws:PrincipalOrgID or aws:SourceAccount.",
  },
  "trust-cross-account-no-external-id": {
    severity: "high",
    remediation:
      "Require sts:ExternalId (for third parties, see the confused-deputy guidance) or aws:PrincipalOrgID in the trust policy's Condition.",
  },
  "trust-oidc-no-subject": {
    severity: "critical",
    remediation:
      "Add a condition on the provider's `sub` claim (e.g. token.actions.githubusercontent.com:sub = repo:ORG/REPO:ref:refs/heads/main).",
  },
  "data-exfiltration": {
    severity: "medium",
    remediation: "Scope data-reading actions to the resources the principal needs, or remove them.",
  },
  "resource-exposure": {
    severity: "medium",
    remediation:
      "Grant actions that change resource policies and sharing only to the principals that manage those resources, scoped to them.",
  },
  "service-wildcard": {
    severity: "medium",
    remediation: "Replace `service:*` with the actions the principal uses.",
  },
  "pass-role-wildcard": {
    severity: "medium",
    remediation:
      "Limit iam:PassRole to the ARNs of the roles the workload passes, with an iam:PassedToService condition.",
  },
  "not-action-allow": {
    severity: "medium",
    remediation:
      "Rewrite the Allow with an explicit Action list: NotAction with Allow grants every action not listed, including services added later.",
  },
  "not-resource-allow": {
    severity: "medium",
    remediation: "Rewrite the Allow with an explicit Resource list.",
  },
  "resource-wildcard": {
    severity: "low",
    remediation:
      "Name the resources in the Resource element; these actions support resource-level permissions.",
  },
  "infrastructure-modification": {
    severity: "low",
    remediation: "Scope write actions to the resources the principal manages, or remove unused ones.",
  },
  "inline-policy": {
    severity: "low",
    remediation:
      "Move the inline policy into a customer managed policy so that it is versioned, reusable and visible in one place.",
  },
};

/** One step down for findings that hold only under some condition (never dropped). */
export function lower(severity: Severity): Severity {
  const order: Severity[] = ["critical", "high", "medium", "low", "info"];
  return order[Math.min(order.indexOf(severity) + 1, order.length - 1)]!;
}

export interface FindingFields {
  title: string;
  detail: string;
  evidence: Record<string, unknown>;
  principalArn?: string;
  policyArn?: string;
  statementIndex?: number;
  actions?: string[];
  severity?: Severity;
}

/** Builds a finding; the id hashes kind and subject only, so it is stable across runs. */
export function permissiveFinding(kind: PermissiveKind, subject: string[], fields: FindingFields): Finding {
  const { severity, remediation } = PERMISSIVE_KINDS[kind];
  const { severity: override, ...rest } = fields;
  return { id: findingId(kind, ...subject), kind, severity: override ?? severity, ...rest, remediation };
}
