import type { LintCheck } from "../context.js";

const GITHUB = "token.actions.githubusercontent.com";

/**
 * An OIDC provider vouches for every identity it issues tokens to: without a condition on the
 * provider's claims (`aud`, `sub`), any of them may assume the role. For GitHub Actions the `sub`
 * claim names the repository and branch; without it, or with a wildcard in it, workflows of other
 * repositories get in (https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services).
 */
export const oidcConditions: LintCheck = {
  name: "OIDC trust conditions",
  check(ctx) {
    for (const statement of ctx.statements) {
      const keys = statement.conditions.map((c) => c.key.toLowerCase());
      const at = ctx.statementPath(statement.index);
      const report = (code: Parameters<typeof ctx.report>[0]["code"], path: string, message: string) =>
        ctx.report({ code, statementIndex: statement.index, path, message });
      if (statement.effect === "Allow" && !statement.notPrincipal) {
        for (const provider of statement.principal?.values.Federated ?? []) {
          if (provider.includes(":saml-provider/")) continue;
          const host = provider.replace(/^arn:[^:]*:iam::\d*:oidc-provider\//, "").toLowerCase();
          if (host === GITHUB && !keys.includes(`${GITHUB}:sub`)) {
            report(
              "github-sub-missing",
              `${at}.Principal`,
              `no ${GITHUB}:sub condition: any repository's workflows may assume the role`,
            );
          } else if (host !== GITHUB && !keys.some((k) => k.startsWith(`${host}:`))) {
            report(
              "oidc-condition-missing",
              `${at}.Principal`,
              `no condition on ${host}'s claims: any of its identities may assume the role`,
            );
          }
        }
      }
      for (const clause of statement.conditions) {
        if (clause.key.toLowerCase() !== `${GITHUB}:sub`) continue;
        const wide = clause.values.find((v) => v.includes("*"));
        if (wide !== undefined) {
          report(
            "github-sub-wildcard",
            ctx.conditionPath(statement, clause),
            `"${wide}": name the repository and branch`,
          );
        }
      }
    }
  },
};
