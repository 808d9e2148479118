import type { PrincipalAccess } from "../../account/permissions.js";
import { PrincipalPermissions } from "../../policy/principal-permissions.js";
import { specializePolicies } from "../../policy/specialize.js";
import { accessKeyContext, type PermissiveContext } from "./context.js";

/** How a finding names the calls accessKeySubject stands for. */
export const BY_ACCESS_KEY =
  "for a call signed with its active access key, which carries none of aws:MultiFactorAuthPresent, aws:MultiFactorAuthAge and aws:TokenIssueTime";

const cache = new WeakMap<PrincipalAccess, PrincipalAccess | null>();

/**
 * A user as it acts through calls signed with its active access key, where its permissions differ
 * for them: the conditions that context decides are decided (a force-MFA Deny on
 * `Bool aws:MultiFactorAuthPresent false` drops out, as such a call lacks the key). Undefined for
 * anyone else, or when the context decides none of its conditions. One object per subject, as the
 * escalation analysis memoizes by principal.
 */
export function accessKeySubject(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
): PrincipalAccess | undefined {
  let keyed = cache.get(subject);
  if (keyed === undefined) {
    const context = accessKeyContext(ctx, subject);
    const policies = context && specializePolicies(subject.permissions.policies, context);
    keyed = policies ? { ...subject, permissions: new PrincipalPermissions(ctx.catalog, policies) } : null;
    cache.set(subject, keyed);
  }
  return keyed ?? undefined;
}
