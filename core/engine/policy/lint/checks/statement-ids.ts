import type { LintCheck } from "../context.js";

const SID = /^[0-9A-Za-z]*$/;

/**
 * IAM and Organizations reject Sids that are not alphanumeric or not unique
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html); other
 * services' resource policies accept more, so there both are warnings. An empty Sid says nothing.
 * Read from the raw statements, so a Sid of the wrong JSON type is reported too.
 */
export const statementIds: LintCheck = {
  name: "statement ids",
  check(ctx) {
    const resource = ctx.kind === "resource";
    const seen = new Map<string, number>();
    ctx.statements.forEach(({ index }) => {
      const statement = ctx.rawStatement(index);
      if (!statement || !("Sid" in statement)) return;
      const sid = statement.Sid;
      const path = `${ctx.statementPath(index)}.Sid`;
      if (typeof sid !== "string" || !SID.test(sid)) {
        ctx.report({
          code: resource ? "sid-not-alphanumeric" : "invalid-sid",
          statementIndex: index,
          path,
          message: `Sid ${JSON.stringify(sid)} may hold only letters A-Z, a-z and digits`,
        });
        return;
      }
      if (sid === "") {
        ctx.report({
          code: "empty-sid",
          statementIndex: index,
          path,
          message: "the Sid is empty: name it or drop it",
        });
        return;
      }
      const first = seen.get(sid);
      if (first === undefined) {
        seen.set(sid, index);
        return;
      }
      ctx.report({
        code: resource ? "sid-not-unique" : "duplicate-sid",
        statementIndex: index,
        path,
        message: `Sid "${sid}" is already used by statement ${first}`,
      });
    });
  },
};
