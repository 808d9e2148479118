import type { AccountDetector } from "./context.js";
import { buildFinding } from "./finding.js";
import type { Finding } from "./types.js";

/** Documents with errors IAM would reject: their broken statements were left out of the evaluation. */
export const policyInvalid: AccountDetector = {
  kind: "policy-invalid",
  scope: "account",
  needs: [],
  detect(ctx) {
    const seen = new Map<string, Finding>();
    for (const access of ctx.account.all()) {
      for (const defect of access.defects) {
        if (seen.has(defect.source)) continue;
        const first = defect.problems[0]!;
        seen.set(
          defect.source,
          buildFinding("policy-invalid", [defect.source], {
            ...(defect.source.includes("#inline/") ? {} : { policyArn: defect.source }),
            principalArn: access.principal.arn,
            title: `A policy document could not be fully read: ${defect.source}`,
            detail: `${first.message}${first.path ? ` (at ${first.path})` : ""}. Statements with errors are left out, so permissions through this policy are understated.`,
            evidence: { source: defect.source, problems: defect.problems },
          }),
        );
      }
    }
    return [...seen.values()];
  },
};
