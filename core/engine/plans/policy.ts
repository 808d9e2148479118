import { SESSION_POLICY_ACTIONS } from "../activity/session-policies.js";
import { combinedEvidence } from "../generate/last-access.js";
import { recommendOrFailure } from "../generate/recommend-or-failure.js";
import { PrincipalPermissions } from "../policy/principal-permissions.js";
import type { ManagedPolicy } from "../snapshot/model.js";
import { assemblePlan, plural } from "./assemble.js";
import { holdersOf, membersOf, policyBaseline } from "./baseline.js";
import {
  type PlanContext,
  type PlanResult,
  recentlyGrantedOf,
  undatedFailure,
  unreadable,
} from "./context.js";
import { mergeObserved } from "./observed.js";

/**
 * A shared customer managed policy's plan: a new default version minimized from the observed use
 * of every user and role it reaches (directly or through a group), proven for each of them.
 */
export function planForPolicy(ctx: PlanContext, policy: ManagedPolicy): PlanResult {
  const { snapshot, catalog } = ctx.account;
  const holders = holdersOf(snapshot, policy.arn);
  if (policy.isAwsManaged || holders.length < 2) return undefined;
  const fail = (reason: string, violations: string[]): PlanResult => ({
    failure: { targetArn: policy.arn, name: policy.name, reason, violations },
  });
  // A new default version is also the new permissions boundary of every user or role bounded by
  // the policy: what those principals may do would shrink too, and no proof here covers them.
  const bounded = [...snapshot.users, ...snapshot.roles]
    .filter((p) => p.permissionsBoundaryArn === policy.arn)
    .map((p) => p.arn)
    .sort();
  if (bounded.length > 0)
    return fail(
      "the policy is also the permissions boundary of principals a new version would narrow",
      bounded,
    );
  // A session naming the policy in AssumeRole's (or GetFederationToken's) PolicyArns holds only what
  // its role's (or federated user's) policies and this one both allow: a new version narrows it
  // too, and its calls are filed under that role or user, not under the holders proven here.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session
  const sessions = ctx.sessionPolicyRequests(policy.arn);
  if (sessions > 0)
    return fail(
      "the policy is also used as a session policy, and a new version would narrow those sessions",
      [
        `${policy.name}: named as a session policy in ${plural(sessions, "AssumeRole or GetFederationToken request")} in the window`,
      ],
    );
  // Without those requests in the trail, no session naming the policy would have shown above.
  const unseen = unrecordedSessionCalls(ctx);
  if (unseen.length > 0)
    return fail(
      "the trail read cannot show whether the policy is used as a session policy, and a new version would narrow those sessions",
      unseen.map(
        (action) => `${action}: calls not recorded by the trail read, nor any session policy they name`,
      ),
    );
  const undated = undatedFailure(ctx, policy.arn, policy.name);
  if (undated) return undated;
  const reached = new Map<string, string>();
  for (const h of holders) {
    if (h.type === "group") for (const m of membersOf(snapshot, h.principal)) reached.set(m.arn, m.name);
    else reached.set(h.principal.arn, h.principal.name);
  }
  const touched = [...reached.keys()].sort();
  const broken = unreadable(ctx, [...holders.map((h) => h.principal.arn), ...touched]);
  const parsed = ctx.account
    .of(holders[0]!.principal.arn)
    ?.permissions.policies.identity.find((p) => p.source === policy.arn);
  if (broken.length > 0 || !parsed) return fail("some of the current policies could not be read", broken);
  const result = recommendOrFailure(
    {
      catalog,
      principalArn: policy.arn,
      principalName: policy.name,
      principalType: "role",
      current: new PrincipalPermissions(catalog, { identity: [parsed] }),
      observed: mergeObserved(touched.map((arn) => ctx.observedOf(arn))),
      observable: ctx.observable,
      lastAccess: combinedEvidence(touched.map((arn) => ctx.lastAccessedOf(arn))),
      recentlyGranted: recentlyGrantedOf(
        ctx,
        touched.map((arn) => ({ arn })),
        (source) => source === policy.arn,
      ),
      classify: ctx.classify,
    },
    ctx.options,
  );
  if ("failure" in result) return fail(result.failure.reason, result.failure.violations);
  const { policies } = result.recommendation;
  if (policies.length !== 1)
    return fail(
      `the minimized policy needs ${policies.length} documents; a managed policy version holds one`,
      [],
    );
  return assemblePlan(ctx, {
    target: { type: "policy", arn: policy.arn, name: policy.name },
    create: [{ name: policy.name, document: policies[0]!.document }],
    attach: [],
    detach: [],
    deleteInline: [],
    touched: touched.map((arn) => ({ arn, removed: new Set([policy.arn]) })),
    groups: holders.filter((h) => h.type === "group").map((h) => h.principal.arn),
    before: { principals: [], policies: [policyBaseline(snapshot, policy.arn)!] },
    caveat: ROLES_ANYWHERE_CAVEAT,
  });
}

/**
 * An IAM Roles Anywhere profile's managedPolicyArns are session policies of every session it issues:
 * CreateSession does not name them, so no trail shows them, and the snapshot (GetAccountAuthorization
 * Details, or the live read) holds no profiles. A new version would narrow those sessions unseen.
 * https://docs.aws.amazon.com/rolesanywhere/latest/userguide/authentication-create-session.html
 */
export const ROLES_ANYWHERE_CAVEAT =
  "IAM Roles Anywhere profiles are not read: check that none names this policy in managedPolicyArns (aws rolesanywhere list-profiles), or the new version also narrows the sessions that profile issues";

/** The session-granting actions the trail read does not record every call of. */
function unrecordedSessionCalls(ctx: PlanContext): string[] {
  const { catalog } = ctx.account;
  return SESSION_POLICY_ACTIONS.filter((key) => {
    const action = catalog.action(key);
    return !action || !ctx.observable.has(action.id);
  });
}
