import { isValidRegion } from "../../arn.js";
import type { LintCode } from "../codes.js";
import type { LintCheck } from "../context.js";

/**
 * Keys whose values have a fixed form: a VPC id (`vpc-` and 8 or 17 hex digits), a VPC endpoint id
 * (`vpce-` ...), a region code. A value of another form never matches
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
 */
const FORMATS: Record<string, { code: LintCode; valid: (value: string) => boolean; what: string }> = {
  "aws:sourcevpc": {
    code: "invalid-vpc",
    valid: (v) => /^vpc-([0-9a-z]{8}|[0-9a-z]{17})$/.test(v),
    what: "a VPC id",
  },
  "aws:sourcevpce": {
    code: "invalid-vpce",
    valid: (v) => /^vpce-([0-9a-z]{8}|[0-9a-z]{17})$/.test(v),
    what: "a VPC endpoint id",
  },
  "aws:requestedregion": {
    code: "invalid-region-value",
    valid: (v) => v !== "" && isValidRegion(v),
    what: "a region",
  },
};

export const networkIds: LintCheck = {
  name: "VPC, endpoint and region values",
  check(ctx) {
    for (const statement of ctx.statements) {
      for (const clause of statement.conditions) {
        // Own keys only: a key spelled `constructor` or `toString` is no format, not Object's method.
        const key = clause.key.toLowerCase();
        const format = Object.hasOwn(FORMATS, key) ? FORMATS[key] : undefined;
        // Like operators take patterns, and a value that holds a variable is only known at request time.
        if (!format || !clause.base.startsWith("String") || clause.base.includes("Like")) continue;
        const bad = clause.values.filter((v) => !v.includes("${") && !format.valid(v));
        if (bad.length === 0) continue;
        ctx.report({
          code: format.code,
          statementIndex: statement.index,
          path: ctx.conditionPath(statement, clause),
          message: `${bad.map((v) => JSON.stringify(v)).join(", ")} ${bad.length === 1 ? "is" : "are"} not ${format.what}`,
        });
      }
    }
  },
};
