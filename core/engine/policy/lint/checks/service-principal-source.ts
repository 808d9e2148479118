import type { LintCheck } from "../context.js";

/** Keys that tie a service's request to the resource or account it acts for. */
const SOURCE_KEYS = ["aws:sourcearn", "aws:sourceaccount", "aws:sourceorgid", "aws:sourceorgpaths"];

/**
 * A resource policy that lets a service principal in without saying on whose behalf lets that
 * service act for any customer's resource: the confused deputy
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html).
 */
export const servicePrincipalSource: LintCheck = {
  name: "service principal source",
  check(ctx) {
    if (ctx.kind !== "resource") return;
    for (const statement of ctx.statements) {
      const services = statement.principal?.values.Service ?? [];
      if (statement.effect !== "Allow" || statement.notPrincipal || services.length === 0) continue;
      if (statement.conditions.some((c) => SOURCE_KEYS.includes(c.key.toLowerCase()))) continue;
      ctx.report({
        code: "service-principal-no-source",
        statementIndex: statement.index,
        path: `${ctx.statementPath(statement.index)}.Principal.Service`,
        message: `${services.join(", ")} may act for any source: add aws:SourceArn or aws:SourceAccount`,
      });
    }
  },
};
