import { patternCovers } from "../../covers.js";
import { type LintCheck, resourceElement } from "../context.js";

/**
 * A Resource entry that another entry of the same statement already covers (`arn:aws:s3:::b/x`
 * beside `arn:aws:s3:::b/*`, or any entry beside `*`) adds nothing. ARNs compare case-sensitively.
 */
export const redundantResources: LintCheck = {
  name: "redundant resources",
  check(ctx) {
    for (const statement of ctx.statements) {
      const patterns = statement.resources ?? [];
      patterns.forEach((pattern, entry) => {
        const cover = patterns.findIndex(
          (other, j) => j !== entry && patternCovers(other, pattern) && (other !== pattern || j < entry),
        );
        if (cover < 0) return;
        ctx.report({
          code: "redundant-resource",
          statementIndex: statement.index,
          path: ctx.entryPath(statement, resourceElement(statement), entry),
          message: `"${pattern}" is already covered by "${patterns[cover]}"`,
        });
      });
    }
  },
};
