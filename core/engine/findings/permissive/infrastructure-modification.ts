import { actionClassDetector, classSet } from "./action-class-detector.js";

/**
 * Every Write-level action of the catalog (AWS's own access-level classification,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_understand-policy-summary-access-level-summaries.html).
 */
export const infrastructureModification = actionClassDetector(
  "infrastructure-modification",
  "modify infrastructure",
  (ctx) =>
    classSet(ctx.catalog, "infrastructure-modification", () =>
      ctx.catalog.actions.filter((a) => a.accessLevel === "Write").map((a) => a.id),
    ),
);
