import { unreadBoundarySource } from "../account/unread-boundary.js";
import type { AccountDetector } from "./context.js";
import { buildFinding } from "./finding.js";
import { lintedOwnDocuments } from "./own-lint.js";
import type { Finding } from "./types.js";

/**
 * Documents with errors: those IAM would reject, whose broken statements were left out of the
 * evaluation, and the own documents' other lint errors, which would otherwise go unreported.
 */
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
    for (const { source, principalArn, problems } of lintedOwnDocuments(ctx)) {
      const errors = problems.filter((p) => p.severity === "error");
      if (seen.has(source) || errors.length === 0) continue;
      const first = errors[0]!;
      seen.set(
        source,
        buildFinding("policy-invalid", [source], {
          ...(principalArn ? { principalArn } : { policyArn: source }),
          policySource: source,
          title: `A policy document has ${errors.length === 1 ? "an error" : `${errors.length} errors`}: ${source}`,
          detail: `${first.message}${first.path ? ` (at ${first.path})` : ""}${errors.length > 1 ? ` and ${errors.length - 1} more` : ""}. ${AS_WRITTEN}`,
          evidence: { source, problems: errors },
        }),
      );
    }
    return [...seen.values()];
  },
};

/**
 * Errors that reading does not refuse (an action, condition key or ARN nothing matches, a check
 * that crashed): IAM may store such documents, and AWS then matches them as written.
 */
const AS_WRITTEN =
  "The statements are evaluated as written: what names nothing AWS knows grants or denies nothing, so a Deny or condition built on it may not do what it says.";

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
