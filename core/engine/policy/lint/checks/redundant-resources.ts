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
        // Of two entries that cover each other (the same text, or `b/*` and `b/**`), only the
        // later is redundant: dropping both would drop what they allow.
        const cover = patterns.findIndex(
          (other, j) =>
            j !== entry && patternCovers(other, pattern) && (j < entry || !patternCovers(pattern, other)),
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
