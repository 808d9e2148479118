import { LATE_EVIDENCE_REASON, lateEvidenceText } from "../activity/evidence-span.js";
import { UNMAPPED_CALLS_REASON, unmappedCallNames } from "../activity/unmapped-calls.js";
import { riskyActions } from "../generate/risky-actions.js";
import type { PolicyDocument } from "../generate/types.js";
import type { Plan } from "../report/schema.js";
import { customerPoliciesNamed } from "../snapshot/customer-policy-names.js";
import type { Snapshot } from "../snapshot/model.js";
import { principalByArn } from "../snapshot/principal-index.js";
import { keptBaseline } from "./baseline.js";
import { maxResources, type PlanContext, type PlanResult, planId, unreadable } from "./context.js";
import { planIac } from "./iac.js";
import { observedCalls } from "./observed.js";
import { type PlanProof, provePrincipal } from "./prove.js";
import type { DocumentTexts } from "./rendered-documents.js";
import { canonical } from "./state.js";

export interface PlanSpec {
  target: Plan["target"];
  create: { name: string; document: PolicyDocument }[];
  attach: string[];
  detach: string[];
  deleteInline: string[];
  /** The users and roles whose permissions change, with the sources each loses. */
  touched: { arn: string; removed: Set<string> }[];
  /** Groups the change touches besides users and roles. */
  groups: string[];
  before: Plan["before"];
  /** What the proofs could not see and the reader must check, appended to the summary. */
  caveat?: string;
  /** The created documents as their recommendation's IaC wrote them. */
  texts?: DocumentTexts;
  /** The proof of a single touched principal, made with the recommendation that `create` holds. */
  proven?: PlanProof;
}

/** Proves the change for every principal it touches; a plan only when every proof holds. */
export function assemblePlan(ctx: PlanContext, spec: PlanSpec): PlanResult {
  const { snapshot } = ctx.account;
  const principals = [...spec.groups, ...spec.touched.map((t) => t.arn)];
  const broken = unreadable(ctx, [
    ...new Set([...principals, ...(spec.target.type === "policy" ? [] : [spec.target.arn])]),
  ]);
  if (broken.length > 0) return failure(spec, "some of the current policies could not be read", broken);
  const taken = takenNames(snapshot, spec);
  if (taken === "applied") return undefined;
  if (taken.length > 0)
    return failure(spec, "a policy the change would create is named as one the account already has", taken);
  const unmapped = spec.touched.flatMap((t) =>
    unmappedCallNames(ctx.unmappedOf(t.arn)).map((call) => `${nameOf(snapshot, t.arn)}: ${call}`),
  );
  if (unmapped.length > 0) return failure(spec, UNMAPPED_CALLS_REASON, unmapped);
  const late = spec.touched.flatMap((t) => {
    const found = ctx.lateEvidenceOf(t.arn);
    return found ? [`${nameOf(snapshot, t.arn)}: evidence starts at ${lateEvidenceText(found)}`] : [];
  });
  if (late.length > 0)
    return failure(
      spec,
      `a principal it touches was seen for part of the window only: ${LATE_EVIDENCE_REASON}`,
      late,
    );
  const documents = spec.create.map((c) => c.document);
  const proofs: Plan["proofs"] = [];
  let removedCount = 0;
  let riskRemoved = 0;
  const risks: Record<string, Set<string>> = {};
  for (const { arn, removed } of spec.touched) {
    const current = ctx.account.of(arn)!.permissions;
    const proof =
      spec.proven?.principalArn === arn
        ? spec.proven
        : provePrincipal({
            principalArn: arn,
            current,
            removed,
            documents,
            calls: observedCalls(current, ctx.observedOf(arn), maxResources(ctx)),
          });
    // In the report schema's order, so that the report is validated without a copy.
    const { withinCurrent, coversObserved, principalArn, violations, removedActions } = proof;
    proofs.push({ withinCurrent, coversObserved, principalArn, violations });
    removedCount += removedActions.count();
    const { catalog } = ctx.account;
    for (const key of catalog.keys(removedActions.intersect(riskyActions(catalog, ctx.classify)))) {
      const classes = ctx.classify(key);
      if (classes.length > 0) riskRemoved++;
      for (const risk of classes) {
        risks[risk] ??= new Set();
        risks[risk].add(key);
      }
    }
  }
  const failed = proofs.filter((p) => !p.withinCurrent || !p.coversObserved);
  if (failed.length > 0)
    return failure(
      spec,
      "the change could not be proven for every principal it touches",
      failed.flatMap((p) => p.violations.map((v) => `${nameOf(snapshot, p.principalArn)}: ${v}`)),
    );
  if (removedCount === 0 && spec.detach.length === 0 && spec.deleteInline.length === 0) return undefined;
  const plan: Omit<Plan, "iac"> = {
    id: planId(spec.target.arn),
    target: spec.target,
    create: spec.create,
    attach: spec.attach,
    detach: spec.detach,
    deleteInline: spec.deleteInline,
    principals,
    checks: { withinCurrent: true, coversObserved: true },
    proofs,
    removedCount,
    riskRemoved,
    removedRisks: Object.fromEntries(Object.entries(risks).map(([risk, keys]) => [risk, [...keys].sort()])),
    summary: summarize(spec, removedCount, riskRemoved),
    before: {
      ...spec.before,
      kept: keptBaseline(
        snapshot,
        spec.touched.map((t) => t.arn),
        spec.before,
        spec.target.type === "policy" ? spec.target.arn : undefined,
      ),
    },
  };
  return { plan: { ...plan, iac: planIac(plan, snapshot, spec.texts) } };
}

/**
 * The account's customer managed policies a created policy's name meets (IAM policy names are
 * unique whatever their path and case), or `applied` when they are the target's own, holding the
 * planned documents, and nothing else would change: the plan was applied before this audit.
 */
function takenNames(snapshot: Snapshot, spec: PlanSpec): string[] | "applied" {
  // A policy target writes a version of itself; a permission set's policies are not IAM's.
  if (spec.target.type === "policy" || spec.target.type === "permission-set") return [];
  const taken = spec.create.flatMap((c) => customerPoliciesNamed(snapshot, c.name).map((p) => ({ c, p })));
  if (taken.length === 0) return [];
  const applied =
    spec.deleteInline.length === 0 &&
    taken.length === spec.create.length &&
    spec.detach.length === taken.length &&
    taken.every(
      ({ c, p }) =>
        p.name === c.name && spec.detach.includes(p.arn) && canonical(p.document) === canonical(c.document),
    );
  return applied ? "applied" : taken.map(({ p }) => p.arn).sort();
}

function failure(spec: PlanSpec, reason: string, violations: string[]): PlanResult {
  return {
    failure: {
      targetArn: spec.target.arn,
      name: spec.target.name,
      reason,
      violations: violations.slice(0, 20),
    },
  };
}

function nameOf(snapshot: Snapshot, arn: string): string {
  const found = principalByArn(snapshot, arn);
  return found && found.type !== "group" ? found.principal.name : arn;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

function summarize(spec: PlanSpec, removed: number, risky: number): string {
  const who = plural(spec.touched.length, "principal");
  const steps = [
    spec.target.type === "policy"
      ? "writes a new default version"
      : `creates ${plural(spec.create.length, "policy", "policies")}`,
    spec.detach.length > 0 ? `detaches ${plural(spec.detach.length, "policy", "policies")}` : "",
    spec.deleteInline.length > 0
      ? `deletes ${plural(spec.deleteInline.length, "inline policy", "inline policies")}`
      : "",
  ].filter(Boolean);
  const summary = `removes ${plural(removed, "grant")} (${risky} risky) from ${who}; ${steps.join(", ")}`;
  return spec.caveat ? `${summary}; ${spec.caveat}` : summary;
}
