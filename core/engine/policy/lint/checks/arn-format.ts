import { arnSegments, hasPolicyVariable, isValidAccountId, isValidRegion, PARTITIONS } from "../../arn.js";
import { hasWildcard } from "../../glob.js";
import type { LintCode } from "../codes.js";
import { isStar, type LintCheck, resourceElement } from "../context.js";

const PARTITION_NAMES = new Set(PARTITIONS);

/**
 * Checks each ARN segment of a Resource entry. IAM stores such an ARN without complaint but it never
 * matches a real resource, so the statement silently grants (or denies) less than it reads.
 */
export const arnFormat: LintCheck = {
  name: "ARN format",
  check(ctx) {
    for (const statement of ctx.statements) {
      (statement.resources ?? []).forEach((pattern, entry) => {
        const problem = arnProblem(pattern);
        if (!problem) return;
        ctx.report({
          code: problem.code,
          statementIndex: statement.index,
          path: ctx.entryPath(statement, resourceElement(statement), entry),
          message: `"${pattern}": ${problem.message}`,
        });
      });
    }
  },
};

/**
 * Why a Resource pattern is not a well-formed ARN, or undefined. Wildcards and policy variables
 * stand for values that are filled in later, so a segment written with them is accepted as long
 * as it could still hold a valid value.
 */
export function arnProblem(pattern: string): { code: LintCode; message: string } | undefined {
  if (isStar(pattern) || !pattern.startsWith("arn:")) return undefined;
  const parts = arnSegments(pattern);
  const problem = (code: LintCode, message: string) => ({ code, message });
  if (parts.length < 6) {
    return hasWildcard(parts.at(-1)!)
      ? undefined
      : problem("missing-arn-field", "an ARN has six colon-separated parts");
  }
  const [, partition, service, region, account] = parts as [string, string, string, string, string];
  if (!open(partition) && !PARTITION_NAMES.has(partition)) {
    return problem("invalid-partition", `unknown partition "${partition}"`);
  }
  if (service === "") return problem("missing-arn-field", "the service segment is empty");
  if (!open(service) && service !== service.toLowerCase()) {
    return problem("arn-service-case", `the service "${service}" must be lowercase`);
  }
  if (!open(region) && !isValidRegion(region) && !(hasWildcard(region) && /^[a-z0-9*?-]+$/.test(region))) {
    return problem("invalid-arn-region", `"${region}" is not a region (like us-east-1)`);
  }
  const wildcardDigits = hasWildcard(account) && /^[0-9*?]+$/.test(account);
  if (!open(account) && !isValidAccountId(account) && account !== "aws" && !wildcardDigits) {
    return problem("invalid-arn-account", `"${account}" is not a 12-digit account id`);
  }
  return undefined;
}

/** A segment that is a bare wildcard or a policy variable: any value may end up there. */
function open(segment: string): boolean {
  return isStar(segment) || hasPolicyVariable(segment);
}
