import type { Detector, FindingContext } from "../findings/context.js";
import type { UnprovenRecommendation } from "../findings/recommendation-unproven.js";
import { DETECTORS } from "../findings/registry.js";
import { collectFindings, finishFindings, type Problem, runDetectors } from "../findings/run.js";
import type { Exclusions } from "../findings/suppression.js";
import type { Finding } from "../findings/types.js";

type Found = { findings: Finding[]; problems: Problem[] };

/**
 * `collectFindings` in two steps, so that the detectors run while the recommendations are still
 * being computed in other threads: every detector that does not read the unproven policy sets
 * now, the ones that do (the registry's last) once they are known. The findings and problems are
 * `collectFindings`'s with `unproven` in the context: the same detectors in the same order, then
 * the same suppression, de-duplication and sort. Were a detector needing them not among the
 * registry's last, every detector runs at the end instead, as one `collectFindings`.
 */
export function findingsInTwoSteps(
  ctx: Omit<FindingContext, "unproven">,
  exclusions: Exclusions,
): (unproven: readonly UnprovenRecommendation[]) => Found {
  const first = DETECTORS.findIndex(needsUnproven);
  const split = first === -1 ? DETECTORS.length : first;
  if (DETECTORS.slice(split).some((d) => !needsUnproven(d)))
    return (unproven) => collectFindings({ ...ctx, unproven }, exclusions);
  const early = runDetectors(ctx, DETECTORS.slice(0, split));
  return (unproven) => {
    const late = runDetectors({ ...ctx, unproven }, DETECTORS.slice(split));
    return finishFindings(
      {
        findings: [...early.findings, ...late.findings],
        problems: [...early.problems, ...late.problems],
      },
      ctx.snapshot,
      exclusions,
    );
  };
}

function needsUnproven(detector: Detector): boolean {
  return detector.needs.includes("unproven");
}
