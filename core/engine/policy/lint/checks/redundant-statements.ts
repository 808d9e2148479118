import type { StatementDraft } from "../../types.js";
import type { LintCheck } from "../context.js";

/**
 * Two statements with the same effect, principal, actions, resources and conditions (in any order,
 * Sids aside) grant the same thing: the later one is redundant.
 */
export const redundantStatements: LintCheck = {
  name: "redundant statements",
  check(ctx) {
    const seen = new Map<string, number>();
    for (const statement of ctx.statements) {
      if (!statement.effect || statement.actions.length === 0) continue;
      const id = fingerprint(statement);
      const first = seen.get(id);
      if (first === undefined) {
        seen.set(id, statement.index);
        continue;
      }
      ctx.report({
        code: "redundant-statement",
        statementIndex: statement.index,
        path: ctx.statementPath(statement.index),
        message: `grants exactly what statement ${first} grants`,
      });
    }
  },
};

function fingerprint(s: StatementDraft): string {
  const sorted = (list: readonly string[] | undefined) => (list ? [...list].sort() : null);
  const principal = s.principal
    ? Object.entries(s.principal.values)
        .map(([type, values]) => [type, sorted(values)])
        .sort()
    : null;
  return JSON.stringify([
    s.effect,
    s.notAction,
    sorted(s.actions.map((a) => a.toLowerCase())),
    s.notResource,
    sorted(s.resources),
    s.notPrincipal,
    s.principal?.any ?? null,
    principal,
    s.conditions.map((c) => JSON.stringify([c.operator, c.key.toLowerCase(), sorted(c.values)])).sort(),
  ]);
}
