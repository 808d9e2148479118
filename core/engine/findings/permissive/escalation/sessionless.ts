import type { PrincipalAccess } from "../../../account/permissions.js";
import type { Tri } from "../../../policy/context.js";
import { decisionOf } from "../../../policy/evaluate.js";
import type { PermissiveContext } from "../context.js";

/**
 * Whether someone holds what a grant to the user or role `arn` gives: "maybe" for another role
 * whose trust policy allows no one (no Allow statement) and that the caller may not rewrite without
 * doubt, where only sessions started before the trust was emptied may still act as it (a role's
 * policies are read at each call, its trust only when a session starts); "yes" otherwise. A trust
 * policy the snapshot holds no valid document for (IAM refuses one without statements) is not
 * known to allow no one.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_manage_modify.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAssumeRolePolicy.html
 */
export function grantHeld(ctx: PermissiveContext, subject: PrincipalAccess, arn: string): Tri {
  if (arn === subject.principal.arn) return "yes";
  const trust = ctx.account.trustPolicyOf(arn);
  if (!trust?.policy || trust.problems.some((p) => p.severity === "error")) return "yes";
  if (trust.policy.statements.some((s) => s.effect === "Allow")) return "yes";
  const rewrite = decisionOf(subject.permissions, { action: "iam:UpdateAssumeRolePolicy", resource: arn });
  return rewrite === "Allow" ? "yes" : "maybe";
}
