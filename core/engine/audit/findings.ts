import type { AccountPermissions } from "../account/permissions.js";
import type { ActivityAggregate } from "../activity/usage.js";
import { detectIdentityFindings, identityConfig } from "../findings/identity-detectors.js";
import { detectPermissive } from "../findings/permissive/detectors.js";
import { applyExclusions } from "../findings/permissive/exclusions.js";
import { type Finding, findingId, SEVERITIES, type Severity } from "../findings/types.js";
import type { AuditConfig } from "./config.js";

export interface FindingInput {
  account: AccountPermissions;
  aggregate: ActivityAggregate;
  now: Date;
  window: { start: Date; end: Date; days: number };
  config: AuditConfig;
  /** Findings made elsewhere in the run (unproven recommendations, unused permissions). */
  extra: readonly Finding[];
  /** Whether any activity source was read: without one, its silence proves nothing. */
  hasActivity: boolean;
  /** Whether the activity read covers the window: only then may its silence count as evidence. */
  activityCovers: boolean;
}

/**
 * Every detector over the account: identity hygiene, permissions and trust, policy documents that
 * could not be read, plus the run's other findings; then exclusions (marked, never removed),
 * de-duplication by id, and a stable order (severity, kind, principal, id).
 */
export function collectFindings(input: FindingInput): { findings: Finding[]; warnings: string[] } {
  const { account, aggregate, config } = input;
  const lastSeen = new Map(aggregate.principals.map((p) => [p.principal.id, new Date(p.lastSeen)]));
  const identity = detectIdentityFindings({
    snapshot: account.snapshot,
    now: input.now,
    window: input.window,
    config: identityConfig(config.identity),
    ...(input.hasActivity
      ? { activity: { lastSeen: (arn: string) => lastSeen.get(arn), covers: input.activityCovers } }
      : {}),
  });
  const permissive = detectPermissive({ catalog: account.catalog, snapshot: account.snapshot, account });
  const all = [...identity, ...permissive.findings, ...policyDefects(account), ...input.extra];
  const suppressed =
    config.exclusions.length > 0
      ? applyExclusions(all, account.snapshot, { exclusions: config.exclusions })
      : all;
  return {
    findings: sortFindings(dedupe(suppressServiceLinked(suppressed, account))),
    warnings: permissive.warnings,
  };
}

/** Documents with errors IAM would reject: their broken statements were left out of the evaluation. */
function policyDefects(account: AccountPermissions): Finding[] {
  const seen = new Map<string, Finding>();
  for (const access of account.all()) {
    for (const defect of access.defects) {
      if (seen.has(defect.source)) continue;
      const first = defect.problems[0]!;
      seen.set(defect.source, {
        id: findingId("policy-invalid", defect.source),
        kind: "policy-invalid",
        severity: "medium",
        ...(defect.source.includes("#inline/") ? {} : { policyArn: defect.source }),
        principalArn: access.principal.arn,
        title: `A policy document could not be fully read: ${defect.source}`,
        detail: `${first.message}${first.path ? ` (at ${first.path})` : ""}. Statements with errors are left out, so permissions through this policy are understated.`,
        evidence: { source: defect.source, problems: defect.problems },
        remediation:
          "Check the document with `whittle validate`; if the snapshot file was edited or truncated, collect it again.",
      });
    }
  }
  return [...seen.values()];
}

/**
 * A service-linked role's policies and trust are managed by AWS and cannot be changed, so its
 * findings are reported as suppressed (a built-in exclusion, as Cloudsplaining's defaults do),
 * never dropped.
 */
function suppressServiceLinked(findings: readonly Finding[], account: AccountPermissions): Finding[] {
  const serviceLinked = new Set(account.snapshot.roles.filter((r) => r.serviceLinked).map((r) => r.arn));
  return findings.map((f) =>
    f.suppressed || !f.principalArn || !serviceLinked.has(f.principalArn)
      ? f
      : {
          ...f,
          suppressed: {
            rule: "service-linked-role",
            reason: "managed by AWS: its policies and trust cannot be changed",
          },
        },
  );
}

function dedupe(findings: readonly Finding[]): Finding[] {
  const byId = new Map<string, Finding>();
  for (const f of findings) if (!byId.has(f.id)) byId.set(f.id, f);
  return [...byId.values()];
}

const RANK = new Map(SEVERITIES.map((s, i) => [s, i]));

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      RANK.get(a.severity)! - RANK.get(b.severity)! ||
      a.kind.localeCompare(b.kind) ||
      (a.principalArn ?? "").localeCompare(b.principalArn ?? "") ||
      a.id.localeCompare(b.id),
  );
}

/** Counts of unsuppressed findings by severity. */
export function severityCounts(findings: readonly Finding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) if (!f.suppressed) counts[f.severity]++;
  return counts;
}
