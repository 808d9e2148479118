import type { PrincipalAccess } from "../account/permissions.js";
import { attackContext, type PermissiveContext } from "../findings/permissive/context.js";
import { allOf, anyOf, type Tri } from "../policy/context.js";
import { PrincipalPermissions } from "../policy/principal-permissions.js";
import { NO_ROOT_ALLOW } from "./assume-root.js";
import type { CrossAccountPath } from "./cross-account.js";
import {
  ANYTHING,
  DETACH,
  DISABLE,
  detachCertainty,
  FULL_ACCESS,
  givenAllow,
  type Lift,
  levelArn,
  ORG_POLICY,
  RCP_TYPE,
  REWRITE,
  rootArn,
  surer,
} from "./lift-calls.js";
import { managementContext } from "./management.js";
import { mayCall, policyType } from "./organizations-call.js";
import type { PolicyDelegation } from "./policy-delegation.js";
import { rootUserBlocks, rootUserLift } from "./root-lift.js";

/** The blocks where no SCP of some level allows the path's request (an allow-list leaving it out). */
const NO_ALLOW = new Set(["no SCP allows sts:AssumeRole", "no SCP allows sts:AssumeRoot"]);

/**
 * A path the organization's policies block, whose caller may lift every one of those policies
 * itself: rewrite it (organizations:UpdatePolicy), or detach it from every root, OU and account
 * of the path it is attached to (organizations:DetachPolicy on the policy and on each; one that
 * holds no other policy of the type keeps it, as each must keep one, unless the caller may first
 * attach FullAWSAccess there, and one whose other SCPs do not allow the request stays blocked
 * without it). From the management account
 * by its own policies (SCPs do not limit it), from a member account by its own policies and SCPs
 * and the organization's delegation policy both. A level whose SCPs allow no sts:AssumeRole (an
 * allow-list leaving it out), or, on a path to a member's root user, none of whose SCPs allows the
 * root user, is lifted where the caller may attach FullAWSAccess there or rewrite one of them (the
 * member's own SCPs refusing its root user are lifted by root-lift.ts). A caller that may disable the policy type in the root (organizations:DisablePolicyType)
 * lifts every block of that type. The guardrail does not hold against it: the path is graded as one not blocked,
 * "maybe" where a call hangs on a condition or the delegation policy is unknown. The calls may be
 * made by another principal than the path's caller (`lifter`, one before it on a chain), the
 * request still the caller's, decided by its own account's SCPs.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_UpdatePolicy.html
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_DetachPolicy.html
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_delegate_policies.html
 */
export function blockLifter(
  contexts: ReadonlyMap<string, PermissiveContext>,
  organizationId: string | undefined,
  managementAccountId: string | undefined,
  delegation: PolicyDelegation | undefined,
): (path: CrossAccountPath, lifter?: Lifter) => CrossAccountPath {
  const managementId = managementContext(contexts, managementAccountId)?.[0] ?? managementAccountId;
  const asked = new Map<string, Tri>();
  return (path, lifter = path.from) => {
    const liftable = (arn: string) => NO_ALLOW.has(arn) || arn === NO_ROOT_ALLOW || ORG_POLICY.test(arn);
    if (!path.blockedBy?.every(liftable)) return path;
    // The principal making the Organizations calls, and the one whose request the SCPs decide.
    const source = contexts.get(lifter.accountId);
    const caller = source?.account.of(lifter.principalArn);
    const asking = contexts.get(path.from.accountId);
    const requester = asking?.account.of(path.from.principalArn);
    if (!source || !caller || caller.type === "group" || !asking || !requester) return path;
    // Whether the caller may make one call on one resource, asked once.
    const may = (action: string, resource: string, policy: string): Tri => {
      const key = `${caller.principal.arn}\n${action}\n${resource}\n${policy}`;
      let certainty = asked.get(key);
      if (certainty === undefined) {
        certainty = mayCall(source, caller, action, resource, policyType(policy), {
          fromManagement: lifter.accountId === managementId,
          delegation,
          organizationId,
        });
        asked.set(key, certainty);
      }
      return certainty;
    };
    // A path to a member's root user: the member's own SCPs refusing the root user are lifted apart.
    const target = contexts.get(path.to.accountId);
    const rootBlocks = rootUserBlocks(target, path);
    if (!rootBlocks) return path;
    const blockedBy = path.blockedBy.slice(0, path.blockedBy.length - rootBlocks.length);
    const own = { ...path, blockedBy };
    const byPolicy = (arn: string): Lift => {
      const rewrite = may(REWRITE, arn, arn);
      if (rewrite === "yes") return { certainty: rewrite, calls: [REWRITE] };
      const holder = contexts.get(
        policyType(arn) === "SERVICE_CONTROL_POLICY" ? path.from.accountId : path.to.accountId,
      );
      const after =
        policyType(arn) === "SERVICE_CONTROL_POLICY"
          ? allowedAfter(asking, requester, own, "detached", may)
          : { certainty: "yes" as Tri, calls: [] };
      const detach = allOf([detachCertainty(arn, holder, may, new Set(blockedBy)), after.certainty]);
      return detach === "no" || (rewrite === "maybe" && detach === "maybe")
        ? { certainty: rewrite, calls: [REWRITE] }
        : { certainty: detach, calls: [DETACH, ...after.calls] };
    };
    // The SCPs' blocks, then the RCPs', lifted policy by policy or by disabling the type in the root.
    const types =
      blockedBy.length > 0 ? (["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"] as const) : [];
    const lifts = types.map((type) => {
      const scp = type === "SERVICE_CONTROL_POLICY";
      const blocks = blockedBy.filter((arn) => (NO_ALLOW.has(arn) ? scp : policyType(arn) === type));
      const each = blocks.filter((arn) => !NO_ALLOW.has(arn)).map(byPolicy);
      // Even rewritten to allow everything, they leave the request to the other levels' Allows.
      if (scp) each.push(allowedAfter(asking, requester, own, "rewritten", may));
      const byPolicies = {
        certainty: allOf(each.map((l) => l.certainty)),
        calls: each.flatMap((l) => l.calls),
      };
      if (blocks.length === 0) return byPolicies;
      const root = rootArn(
        contexts.get(scp ? path.from.accountId : path.to.accountId),
        blocks,
        path.to.roleArn,
      );
      const disabled = root ? may(DISABLE, root, scp ? FULL_ACCESS : RCP_TYPE) : "no";
      return surer(byPolicies, { certainty: disabled, calls: [DISABLE] });
    });
    if (rootBlocks.length > 0) lifts.push(rootUserLift(target, path, rootBlocks, may));
    const certainty = allOf(lifts.map((l) => l.certainty));
    if (certainty === "no") return path;
    const calls = new Set(lifts.flatMap((l) => l.calls));
    return {
      ...path,
      certainty: certainty === "yes" ? path.certainty : "maybe",
      liftsBlock: [...calls].sort().reverse().join(", "),
    };
  };
}

/**
 * Whether the caller's SCPs still allow the path's request (sts:AssumeRole, or sts:AssumeRoot to a
 * member's root user) once the policies blocking the path are lifted: `rewritten` to allow
 * everything, or `detached` from their levels, which takes their Allows with them. A request needs
 * an Allow at every level of the account's path, so an allow-list elsewhere that leaves the call
 * out still blocks it, unless the caller may give that level an Allow too: attach FullAWSAccess to
 * it, or rewrite one of its SCPs (the calls so needed are returned). Only the Allow statements of
 * the other SCPs are read (their Denies did not deny the request, or they would block it too); RCPs
 * need no such check, as RCPFullAWSAccess stays at every level.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
 */
function allowedAfter(
  source: PermissiveContext,
  caller: PrincipalAccess,
  path: CrossAccountPath,
  lifted: "rewritten" | "detached",
  may: (action: string, resource: string, policy: string) => Tri,
): { certainty: Tri; calls: string[] } {
  const blocking = new Set(path.blockedBy);
  const { scps } = caller.permissions.policies;
  if (!scps) return { certainty: "yes", calls: [] };
  const org = source.snapshot.organization;
  const context = attackContext(source, caller);
  const levels = scps.map((level, i) => {
    const kept = level.flatMap((p) => {
      if (blocking.has(p.source)) return lifted === "rewritten" ? [{ ...ANYTHING, source: p.source }] : [];
      const statements = p.policy.statements.filter((s) => s.effect === "Allow");
      return [{ ...p, policy: { ...p.policy, statements } }];
    });
    // A level left with none had FullAWSAccess attached before (detachCertainty).
    if (kept.length === 0) return { certainty: "yes" as Tri, calls: [] };
    const underLevel = new PrincipalPermissions(source.catalog, { identity: [ANYTHING], scps: [kept] });
    const { decision } = underLevel.evaluate({
      action: path.assumeRoot ? "sts:AssumeRoot" : "sts:AssumeRole",
      resource: path.to.roleArn,
      context,
    });
    const allowed: Tri = decision === "Allow" ? "yes" : decision === "Conditional" ? "maybe" : "no";
    if (allowed === "yes") return { certainty: allowed, calls: [] };
    const given = givenAllow(levelArn(org, i, kept, path.to.roleArn), kept, may);
    return anyOf([allowed, given.certainty]) === allowed
      ? { certainty: allowed, calls: [] }
      : { certainty: given.certainty, calls: given.calls };
  });
  return { certainty: allOf(levels.map((l) => l.certainty)), calls: levels.flatMap((l) => l.calls) };
}

/** The principal that makes a lift's Organizations calls: the path's caller, or one before it on its chain. */
export type Lifter = CrossAccountPath["from"];
