import { z } from "zod";
import { globMatch } from "../policy/glob.js";
import type { Snapshot } from "../snapshot/model.js";
import { FINDING_KINDS, type Finding } from "./types.js";

/**
 * What an organization has decided to accept, each with the reason shown in the report. A rule
 * matches a finding when every criterion it gives matches (principal ARN glob, policy glob,
 * principal tag, finding kind); a rule with no criterion is rejected, since it would hide everything.
 */
export const exclusionRuleSchema = z
  .strictObject({
    name: z.string().min(1),
    reason: z.string().min(1),
    principals: z.array(z.string().min(1)).optional(),
    policies: z.array(z.string().min(1)).optional(),
    tags: z.record(z.string(), z.string()).optional(),
    kinds: z.array(z.enum(FINDING_KINDS)).optional(),
  })
  .refine((r) => r.principals || r.policies || r.tags || r.kinds, {
    message: "an exclusion needs at least one of principals, policies, tags or kinds",
  });

export const exclusionsSchema = z.strictObject({ exclusions: z.array(exclusionRuleSchema) });

export type ExclusionRule = z.infer<typeof exclusionRuleSchema>;
export type Exclusions = z.infer<typeof exclusionsSchema>;

/**
 * Findings an organization accepted (its exclusions) or that nobody can act on (a service-linked
 * role's), marked as suppressed with the rule and reason: nothing is removed, so the report still
 * shows what was accepted and why. Returns new finding objects.
 */
export function suppress(
  findings: readonly Finding[],
  snapshot: Snapshot,
  exclusions: Exclusions,
): Finding[] {
  const excluded =
    exclusions.exclusions.length > 0 ? applyExclusions(findings, snapshot, exclusions) : findings;
  return suppressServiceLinked(excluded, snapshot);
}

/**
 * A service-linked role's policies and trust are managed by AWS and cannot be changed, so its
 * findings are reported as suppressed (a built-in exclusion, as Cloudsplaining's defaults do),
 * never dropped.
 */
function suppressServiceLinked(findings: readonly Finding[], snapshot: Snapshot): Finding[] {
  const serviceLinked = new Set(snapshot.roles.filter((r) => r.serviceLinked).map((r) => r.arn));
  return findings.map((f) =>
    f.suppressed || !f.principalArn || !serviceLinked.has(f.principalArn)
      ? f
      : {
          ...f,
          suppressed: {
            reason: "managed by AWS: its policies and trust cannot be changed",
            rule: "service-linked-role",
          },
        },
  );
}

/** Marks the findings an exclusion rule matches, with the first matching rule's name and reason. */
export function applyExclusions(
  findings: readonly Finding[],
  snapshot: Snapshot,
  exclusions: Exclusions,
): Finding[] {
  const tagsOf = new Map<string, Map<string, string>>();
  for (const p of [...snapshot.users, ...snapshot.roles]) {
    tagsOf.set(p.arn, new Map(p.tags.map((t) => [t.key, t.value])));
  }
  return findings.map((finding) => {
    const rule = exclusions.exclusions.find((r) => matches(r, finding, tagsOf));
    return rule ? { ...finding, suppressed: { reason: rule.reason, rule: rule.name } } : finding;
  });
}

function matches(rule: ExclusionRule, finding: Finding, tagsOf: Map<string, Map<string, string>>): boolean {
  if (rule.kinds && !rule.kinds.includes(finding.kind)) return false;
  if (rule.principals && !anyGlob(rule.principals, finding.principalArn)) return false;
  // Inline and trust policies have no ARN: their source (`principalArn#inline/name`, `roleArn#trust`) is matched instead.
  if (rule.policies && !anyGlob(rule.policies, finding.policyArn ?? finding.policySource)) return false;
  if (rule.tags) {
    const tags = finding.principalArn ? tagsOf.get(finding.principalArn) : undefined;
    if (!tags || !Object.entries(rule.tags).every(([k, v]) => globMatch(v, tags.get(k) ?? "\u0000")))
      return false;
  }
  return true;
}

function anyGlob(patterns: readonly string[], value: string | undefined): boolean {
  return value !== undefined && patterns.some((p) => globMatch(p, value));
}
