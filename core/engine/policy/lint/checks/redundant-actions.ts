import { actionElement, type LintCheck } from "../context.js";

/**
 * An Action entry whose actions another entry of the same statement already names (`s3:GetObject`
 * beside `s3:Get*`, or the same action twice) changes nothing: removing it makes the policy
 * shorter and easier to review. Matching is case-insensitive, as IAM's.
 */
export const redundantActions: LintCheck = {
  name: "redundant actions",
  check(ctx) {
    for (const statement of ctx.statements) {
      const sets = statement.actions.map((pattern) => ctx.expand(pattern));
      const sizes = sets.map((set) => set.count());
      // Most entries name one action: membership is then a bit test, not a whole-set comparison.
      const singles = sets.map((set, entry) => (sizes[entry] === 1 ? set.ids().next().value : undefined));
      const covers = (entry: number, j: number): boolean => {
        if (j === entry || sizes[j]! < sizes[entry]!) return false;
        const single = singles[entry];
        const inside = single !== undefined ? sets[j]!.has(single) : sets[entry]!.isSubsetOf(sets[j]!);
        return inside && (sizes[j]! > sizes[entry]! || j < entry);
      };
      sets.forEach((_, entry) => {
        if (sizes[entry] === 0) return;
        const cover = sets.findIndex((_, j) => covers(entry, j));
        if (cover < 0) return;
        ctx.report({
          code: "redundant-action",
          statementIndex: statement.index,
          path: ctx.entryPath(statement, actionElement(statement), entry),
          message: `"${statement.actions[entry]}" is already covered by "${statement.actions[cover]}"`,
        });
      });
    }
  },
};
