import type { StatementDraft } from "../../types.js";
import type { LintCheck, LintContext } from "../context.js";

/**
 * Each way into a role has its own STS action: AWS and service principals call sts:AssumeRole, SAML
 * providers sts:AssumeRoleWithSAML, OIDC providers sts:AssumeRoleWithWebIdentity
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp.html). Setting session
 * tags or a source identity is its own action, so a condition on them needs it in the same
 * statement (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html), and IAM
 * Roles Anywhere needs all three (https://docs.aws.amazon.com/rolesanywhere/latest/userguide/trust-model.html).
 */
const KEY_ACTIONS: readonly { prefix: string; action: string }[] = [
  { prefix: "aws:requesttag/", action: "sts:TagSession" },
  { prefix: "aws:tagkeys", action: "sts:TagSession" },
  { prefix: "sts:transitivetagkeys", action: "sts:TagSession" },
  { prefix: "sts:sourceidentity", action: "sts:SetSourceIdentity" },
];
const ROLES_ANYWHERE = ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"];

export const trustActions: LintCheck = {
  name: "trust policy actions",
  check(ctx) {
    if (ctx.kind !== "trust") return;
    for (const statement of ctx.statements) {
      if (statement.effect !== "Allow" || !statement.principal || statement.notAction) continue;
      const covered = ctx.coveredActions(statement);
      const has = (name: string) => {
        const action = ctx.catalog.action(name);
        return action !== undefined && covered.has(action.id);
      };
      const at = ctx.statementPath(statement.index);
      mismatches(ctx, statement, has);
      const services = statement.principal.values.Service ?? [];
      const missing = ROLES_ANYWHERE.filter((name) => !has(name));
      if (services.includes("rolesanywhere.amazonaws.com") && missing.length > 0) {
        ctx.report({
          code: "roles-anywhere-actions",
          statementIndex: statement.index,
          path: `${at}.Action`,
          message: `rolesanywhere.amazonaws.com needs ${ROLES_ANYWHERE.join(", ")}: add ${missing.join(", ")}`,
        });
      }
      for (const clause of statement.conditions) {
        const needed = KEY_ACTIONS.find((k) => clause.key.toLowerCase().startsWith(k.prefix));
        if (!needed || has(needed.action)) continue;
        ctx.report({
          code: "missing-action-for-condition-key",
          statementIndex: statement.index,
          path: ctx.conditionPath(statement, clause),
          message: `"${clause.key}" is set only through ${needed.action}: add it to the Action list`,
        });
      }
    }
  },
};

function mismatches(ctx: LintContext, statement: StatementDraft, has: (name: string) => boolean): void {
  const values = statement.principal!.values;
  const federated = values.Federated ?? [];
  const saml = federated.some((f) => f.includes(":saml-provider/"));
  const oidc = federated.some((f) => !f.includes(":saml-provider/"));
  const direct = (values.AWS?.length ?? 0) + (values.Service?.length ?? 0) > 0;
  const wrong: string[] = [];
  if (has("sts:AssumeRoleWithSAML") && !saml) wrong.push("sts:AssumeRoleWithSAML needs a SAML provider");
  if (has("sts:AssumeRoleWithWebIdentity") && !oidc) {
    wrong.push("sts:AssumeRoleWithWebIdentity needs an OIDC provider");
  }
  if (has("sts:AssumeRole") && !direct && federated.length > 0) {
    wrong.push("sts:AssumeRole is not how a Federated provider signs in");
  }
  if (wrong.length === 0 || statement.actions.some((a) => /[*?]/.test(a))) return;
  ctx.report({
    code: "mismatched-action-for-principal",
    statementIndex: statement.index,
    path: `${ctx.statementPath(statement.index)}.Action`,
    message: `${wrong.join("; ")} in Principal`,
  });
}
