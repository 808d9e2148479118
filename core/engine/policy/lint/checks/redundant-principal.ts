import type { LintCheck } from "../context.js";

/**
 * A role principal already covers every session of that role, so its assumed-role ARNs beside it
 * add nothing (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-role-session).
 */
export const redundantPrincipal: LintCheck = {
  name: "redundant principals",
  check(ctx) {
    for (const statement of ctx.statements) {
      const values = statement.principal?.values.AWS ?? [];
      values.forEach((value, entry) => {
        const session = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(value);
        if (!session) return;
        const role = values.find((v) => {
          const parent = /^arn:([^:]+):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(v);
          return (
            parent !== null &&
            parent[1] === session[1] &&
            parent[2] === session[2] &&
            parent[3] === session[3]
          );
        });
        if (!role) return;
        ctx.report({
          code: "redundant-principal",
          statementIndex: statement.index,
          path: `${ctx.statementPath(statement.index)}.${statement.notPrincipal ? "NotPrincipal" : "Principal"}.AWS[${entry}]`,
          message: `"${value}" is a session of "${role}", which is already a principal`,
        });
      });
    }
  },
};
