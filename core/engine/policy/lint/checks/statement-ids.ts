import { isObject } from "../../parse.js";
import type { LintCheck, LintContext } from "../context.js";

const SID = /^[0-9A-Za-z]*$/;

/**
 * IAM rejects identity and trust policies whose Sids are not alphanumeric or not unique
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html); other
 * services' resource policies accept more, so there it is a warning. Read from the raw document so
 * statements the parser dropped are still checked.
 */
export const statementIds: LintCheck = {
  name: "statement ids",
  check(ctx) {
    const severity = ctx.kind === "resource" ? "warning" : "error";
    const seen = new Map<string, number>();
    rawStatements(ctx).forEach((statement, index) => {
      if (!isObject(statement) || !("Sid" in statement)) return;
      const sid = statement.Sid;
      const path = `${ctx.statementPath(index)}.Sid`;
      if (typeof sid !== "string" || !SID.test(sid)) {
        ctx.report({
          code: "invalid-sid",
          severity,
          statementIndex: index,
          path,
          message: `Sid ${JSON.stringify(sid)} may hold only letters A-Z, a-z and digits`,
        });
        return;
      }
      if (sid === "") return;
      const first = seen.get(sid);
      if (first === undefined) {
        seen.set(sid, index);
        return;
      }
      ctx.report({
        code: "duplicate-sid",
        severity,
        statementIndex: index,
        path,
        message: `Sid "${sid}" is already used by statement ${first}`,
      });
    });
  },
};

function rawStatements(ctx: LintContext): unknown[] {
  const raw = ctx.policy.raw;
  if (!isObject(raw) || raw.Statement === undefined) return [];
  return Array.isArray(raw.Statement) ? raw.Statement : [raw.Statement];
}
