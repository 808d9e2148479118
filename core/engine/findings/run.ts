import type { Detector, FindingContext, Need } from "./context.js";
import { DETECTORS } from "./registry.js";
import { type Exclusions, suppress } from "./suppression.js";
import { type Finding, SEVERITIES, type Severity } from "./types.js";

/** A recoverable problem of the run, as data: what failed (`origin`), a stable `code`, and why. */
export interface Problem {
  code: string;
  origin: string;
  message: string;
}

/**
 * Runs each detector whose needs the context meets, isolating every one (and, for per-principal
 * detectors, every principal): a detector that throws becomes a `detector-failed` problem naming
 * it and its subject, as parliament turns a crashing auditor into a finding, never a crashed run.
 */
export function runDetectors(
  ctx: FindingContext,
  detectors: readonly Detector[] = DETECTORS,
): { findings: Finding[]; problems: Problem[] } {
  const findings: Finding[] = [];
  const problems: Problem[] = [];
  const attempt = (detector: Detector, subject: string, run: () => Finding[]) => {
    try {
      findings.push(...run());
    } catch (error) {
      problems.push({
        code: "detector-failed",
        origin: `detector ${detector.kind} on ${subject}`,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  };
  const ready = detectors.filter((d) => d.needs.every((need) => has(ctx, need)));
  const principals = ready.some((d) => d.scope === "principal") ? ctx.account.all() : [];
  for (const detector of ready) {
    if (detector.scope === "account") attempt(detector, "the account", () => detector.detect(ctx));
    else
      for (const subject of principals)
        attempt(detector, subject.principal.arn, () => detector.detect(ctx, subject));
  }
  return { findings, problems };
}

function has(ctx: FindingContext, need: Need): boolean {
  return ctx[need] !== undefined;
}

/**
 * The run's findings: every detector, then suppression (marked, never removed), de-duplication by
 * id, and a stable order (severity, kind, principal, id).
 */
export function collectFindings(
  ctx: FindingContext,
  exclusions: Exclusions,
): { findings: Finding[]; problems: Problem[] } {
  return finishFindings(runDetectors(ctx), ctx.snapshot, exclusions);
}

/** What follows the detectors: suppression, one finding per id, the report's order. */
export function finishFindings(
  { findings, problems }: { findings: Finding[]; problems: Problem[] },
  snapshot: FindingContext["snapshot"],
  exclusions: Exclusions,
): { findings: Finding[]; problems: Problem[] } {
  return { findings: sortFindings(dedupe(suppress(findings, snapshot, exclusions))), problems };
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
