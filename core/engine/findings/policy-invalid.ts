import { unreadBoundarySource } from "../account/unread-boundary.js";
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
    const boundaries = new Set(ctx.account.all().flatMap((a) => unreadBoundarySource(a.permissions) ?? []));
    for (const access of ctx.account.all()) {
      for (const defect of access.defects) {
        if (seen.has(defect.source)) continue;
        const first = defect.problems[0]!;
        seen.set(
          defect.source,
          buildFinding("policy-invalid", [defect.source], {
            ...(defect.source.includes("#inline/") ? {} : { policyArn: defect.source }),
            policySource: defect.source,
            principalArn: access.principal.arn,
            title: `A policy document could not be fully read: ${defect.source}`,
            detail: `${first.message}${first.path ? ` (at ${first.path})` : ""}. ${consequence(defect.source)}${boundaries.has(defect.source) ? AS_BOUNDARY : ""}`,
            evidence: { source: defect.source, problems: defect.problems },
          }),
        );
      }
    }
    return [...seen.values()];
  },
};

/**
 * What reading around the errors does to the evaluation: an identity policy's broken statements
 * are left out; an SCP's are read so that none hides a path (an Allow without Resource as every
 * resource, any other broken statement, a Deny among them, left out).
 */
function consequence(source: string): string {
  return source.includes(":policy/") && source.includes("/service_control_policy/")
    ? "Statements with errors are read so that none hides a path (each problem says how), so what this SCP denies may be understated."
    : "Statements with errors are left out, so permissions through this policy are understated.";
}

/** A boundary's left-out Allow is read so that it hides nothing (account/unread-boundary.ts). */
const AS_BOUNDARY =
  " As a permissions boundary, its statements left out (but a plain Deny) are read as maybe allowing every action, so what the users and roles it bounds may do is conditional rather than hidden.";
