import type { LintCode } from "../codes.js";
import type { LintCheck } from "../context.js";

/**
 * The form of each principal value, by principal type:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 * CloudFront origin access identities keep their own ARN form. `"*"` alone means everyone and is judged by the trust and public-access detectors; a wildcard
 * inside a value is not expanded and matches nothing.
 */
const AWS_PRINCIPAL =
  /^(\d{12}|arn:aws[a-z-]*:iam::\d{12}:(root|(user|role|federated-user)\/.+)|arn:aws[a-z-]*:sts::\d{12}:assumed-role\/.+|arn:aws:iam::cloudfront:user\/CloudFront Origin Access Identity \w+)$/;
const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/;
const FEDERATED_PRINCIPAL =
  /^(arn:aws[a-z-]*:iam::\d{12}:(saml-provider|oidc-provider)\/.+|[a-z0-9][a-z0-9.-]*\.[a-z]{2,})$/;
const CANONICAL_USER = /^[0-9a-f]{64}$/;
/** Unique ids IAM shows instead of an ARN once the user or role is deleted (AIDA... users, AROA... roles). */
const UNIQUE_ID: Record<string, LintCode> = { AIDA: "principal-user-id", AROA: "principal-role-id" };

export const principalValues: LintCheck = {
  name: "principal values",
  check(ctx) {
    for (const statement of ctx.statements) {
      const spec = statement.principal;
      if (!spec) continue;
      const element = statement.notPrincipal ? "NotPrincipal" : "Principal";
      const at = `${ctx.statementPath(statement.index)}.${element}`;
      const report = (code: LintCode, path: string, message: string) =>
        ctx.report({ code, statementIndex: statement.index, path, message });
      if (spec.any) {
        if (ctx.kind === "trust")
          report("principal-star-in-trust", at, 'a role trust policy cannot take "*" as Principal');
        continue;
      }
      const entries = Object.entries(spec.values);
      if (entries.length === 0 || entries.every(([, values]) => values.length === 0)) {
        report("empty-principal", at, `${element} names no principal, so the statement applies to nobody`);
      }
      for (const [type, values] of entries) {
        const path = `${at}.${type}`;
        for (const value of values) {
          const problem = valueProblem(type, value, ctx.kind === "trust");
          if (problem) report(problem[0], path, `"${value}": ${problem[1]}`);
        }
        if (!["AWS", "Service", "Federated", "CanonicalUser"].includes(type)) {
          report(
            "invalid-principal-key",
            path,
            `"${type}" is not a principal type (AWS, Service, Federated, CanonicalUser)`,
          );
        }
      }
    }
  },
};

function valueProblem(type: string, value: string, trust: boolean): [LintCode, string] | undefined {
  const wildcard = value !== "*" && /[*?]/.test(value);
  if (type === "AWS") {
    const id = UNIQUE_ID[value.slice(0, 4)];
    if (id && /^[A-Z0-9]{16,}$/.test(value))
      return [id, "a unique id, shown when the user or role was deleted: use an ARN"];
    if (wildcard)
      return ["principal-wildcard", "wildcards are not expanded in principals: name the principal"];
    if (value !== "*" && !AWS_PRINCIPAL.test(value))
      return ["invalid-principal", "not an account id or a principal ARN"];
  } else if (type === "Service") {
    if (wildcard || value === "*")
      return ["principal-wildcard", "wildcards are not expanded in service principals"];
    if (!SERVICE_PRINCIPAL.test(value))
      return ["invalid-service-principal", "expected a name such as ec2.amazonaws.com"];
  } else if (type === "Federated") {
    if (!trust)
      return ["federated-principal-not-supported", "only role trust policies take a Federated principal"];
    if (wildcard || !FEDERATED_PRINCIPAL.test(value)) {
      return [
        "invalid-federated-principal",
        "expected an identity provider ARN or a domain such as accounts.google.com",
      ];
    }
  } else if (type === "CanonicalUser" && !CANONICAL_USER.test(value)) {
    return ["invalid-principal", "a canonical user id is 64 hexadecimal digits"];
  }
  return undefined;
}
