import { SEVERITIES, type Severity } from "../findings/types.js";
import type { Report, ReportFinding, ReportPrincipal, ReportRecommendation } from "./schema.js";

/**
 * Weights that turn a principal's open findings into one risk number. They are steep on purpose:
 * one critical finding (an administrator nobody uses) should outrank a pile of low-severity
 * hygiene findings.
 */
export const SEVERITY_WEIGHTS: Readonly<Record<Severity, number>> = {
  critical: 40,
  high: 10,
  medium: 3,
  low: 1,
  info: 0,
};

export interface PrincipalRisk {
  principal: ReportPrincipal;
  /** Open (unsuppressed) findings by severity. */
  findings: Record<Severity, number>;
  /** Σ severity weight of the open findings. */
  score: number;
  /**
   * Granted actions that can go: what the recommendation removes, or every granted action of a
   * principal reported unused (the principal itself can be deleted).
   */
  removableActions: number;
  /** Removed actions in a named risk class (privilege escalation, data exfiltration, ...). */
  riskyActions: number;
  recommendation?: ReportRecommendation;
  unused: boolean;
}

const UNUSED_KINDS = new Set(["unused-role", "unused-user"]);

export function emptySeverityCounts(): Record<Severity, number> {
  return Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
}

/** Open (unsuppressed) findings by kind, most frequent first, ties by kind name. */
export function countByKind(findings: readonly ReportFinding[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const f of findings) if (!f.suppressed) counts.set(f.kind, (counts.get(f.kind) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** One risk row per principal, in the report's principal order. */
export function principalRisks(report: Report): PrincipalRisk[] {
  const byArn = new Map<string, ReportFinding[]>();
  for (const f of report.findings) {
    if (!f.principalArn || f.suppressed) continue;
    const list = byArn.get(f.principalArn) ?? [];
    list.push(f);
    byArn.set(f.principalArn, list);
  }
  const recommendations = new Map(report.recommendations.map((r) => [r.principalArn, r]));
  return report.principals.map((principal) => {
    const open = byArn.get(principal.arn) ?? [];
    const findings = emptySeverityCounts();
    for (const f of open) findings[f.severity]++;
    const recommendation = recommendations.get(principal.arn);
    const unused = open.some((f) => UNUSED_KINDS.has(f.kind));
    // An unused principal can go whole: every risky action it is granted is removable.
    const riskyActions = unused
      ? (principal.riskyGrantedActions ?? 0)
      : new Set(Object.values(recommendation?.removedRisks ?? {}).flat()).size;
    return {
      principal,
      findings,
      score: SEVERITIES.reduce((sum, s) => sum + findings[s] * SEVERITY_WEIGHTS[s], 0),
      removableActions: unused ? principal.grantedActions : (recommendation?.removedCount ?? 0),
      riskyActions,
      ...(recommendation ? { recommendation } : {}),
      unused,
    };
  });
}

/**
 * The principals a reviewer should open first: highest finding score, then most risky actions
 * removable, then most actions removable. Principals with nothing to remove and no open finding
 * are left out.
 */
export function topPrincipals(
  report: Report,
  limit: number,
  risks: readonly PrincipalRisk[] = principalRisks(report),
): PrincipalRisk[] {
  return risks
    .filter((r) => r.score > 0 || r.removableActions > 0)
    .sort(
      (a, b) =>
        b.score - a.score ||
        b.riskyActions - a.riskyActions ||
        b.removableActions - a.removableActions ||
        a.principal.name.localeCompare(b.principal.name),
    )
    .slice(0, limit);
}
