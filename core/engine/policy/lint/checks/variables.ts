import { operatorInfo } from "../../condition-operators.js";
import type { LintCode } from "../codes.js";
import type { LintCheck, LintContext } from "../context.js";

/**
 * Policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'default'}`) work only in Resource
 * and Condition values, only under Version 2012-10-17, only with String and ARN operators, and only
 * when written exactly: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 * Anything else is literal text that never matches what the author meant. Read from the raw
 * document: the parser turns variables of older Versions into literals.
 */
export const variables: LintCheck = {
  name: "policy variables",
  check(ctx) {
    let reportedVersion = false;
    for (const statement of ctx.statements) {
      const raw = ctx.rawStatement(statement.index);
      if (!raw) continue;
      const at = ctx.statementPath(statement.index);
      for (const element of ["Action", "NotAction", "Principal", "NotPrincipal"]) {
        const found = strings(raw[element]).find((text) => text.includes("${"));
        if (found === undefined) continue;
        ctx.report({
          code: "variable-in-element",
          statementIndex: statement.index,
          path: `${at}.${element}`,
          message: `"${found}": policy variables work only in Resource and Condition values`,
        });
      }
      const places: [string, string, string | undefined][] = [];
      for (const element of ["Resource", "NotResource"]) {
        for (const text of strings(raw[element])) places.push([`${at}.${element}`, text, undefined]);
      }
      for (const clause of statement.conditions) {
        const rawValues = (raw.Condition as Record<string, Record<string, unknown>>)[clause.operator]?.[
          clause.key
        ];
        for (const text of strings(rawValues))
          places.push([ctx.conditionPath(statement, clause), text, clause.base]);
      }
      for (const [path, text, operator] of places) {
        const problem = variableProblem(text);
        if (problem) {
          ctx.report({
            code: problem[0],
            statementIndex: statement.index,
            path,
            message: `"${text}": ${problem[1]}`,
          });
          continue;
        }
        if (!hasVariable(text)) continue;
        if (ctx.policy.version !== "2012-10-17" && !reportedVersion) {
          reportedVersion = true;
          reportVersion(ctx, statement.index, path);
        }
        const type = operator === undefined ? undefined : operatorInfo(operator)?.type;
        if (type && type !== "String" && type !== "ARN") {
          ctx.report({
            code: "variable-for-operator",
            statementIndex: statement.index,
            path,
            message: `"${text}": policy variables work only with String and ARN operators, not ${operator}`,
          });
        }
      }
    }
  },
};

function reportVersion(ctx: LintContext, statementIndex: number, path: string): void {
  ctx.report({
    code: "variable-old-version",
    statementIndex,
    path,
    message: 'policy variables need "Version": "2012-10-17"; under this Version they are literal text',
  });
}

/** `${*}`, `${?}` and `${$}` are IAM's escapes for literal characters, not variables. */
const ESCAPES = new Set(["*", "?", "$"]);

function hasVariable(text: string): boolean {
  return [...text.matchAll(/\$\{([^}]*)\}/g)].some((m) => !ESCAPES.has(m[1]!));
}

/** The first syntax problem of the variables in one value, as IAM's parser would find it. */
export function variableProblem(text: string): [LintCode, string] | undefined {
  let from = text.indexOf("${");
  while (from >= 0) {
    const end = text.indexOf("}", from);
    if (end < 0) return ["variable-missing-brace", "a policy variable is missing its closing }"];
    const body = text.slice(from + 2, end);
    if (body.trim() === "") return ["variable-empty", "${} names no variable"];
    if (!ESCAPES.has(body)) {
      const comma = body.indexOf(",");
      const name = comma < 0 ? body : body.slice(0, comma);
      if (/\s/.test(name)) return ["variable-space", `the variable name "${name}" holds a space`];
      const fallback = comma < 0 ? undefined : body.slice(comma + 1).trim();
      if (fallback !== undefined && !/^'[^']*'$/.test(fallback)) {
        return ["variable-missing-quote", "a variable's default value is written between single quotes"];
      }
    }
    from = text.indexOf("${", end);
  }
  return undefined;
}

function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}
