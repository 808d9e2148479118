import type { PrincipalAccess } from "../account/permissions.js";
import { attackContext, type PermissiveContext } from "../findings/permissive/context.js";
import { allOf, anyOf, type Tri } from "../policy/context.js";
import { parsePolicyOrThrow } from "../policy/parse.js";
import { PrincipalPermissions } from "../policy/principal-permissions.js";
import type { Snapshot } from "../snapshot/model.js";
import type { CrossAccountPath } from "./cross-account.js";
import { managementContext } from "./management.js";
import { mayCall, policyType } from "./organizations-call.js";
import type { PolicyDelegation } from "./policy-delegation.js";

/** The call that rewrites an SCP or RCP: a Deny taken out of its document no longer denies. */
const REWRITE = "organizations:UpdatePolicy";
/** The call that takes an SCP or RCP off a root, OU or account: it no longer applies below it. */
const DETACH = "organizations:DetachPolicy";
/** The call that takes every policy of a type off the whole organization (disables it in the root). */
const DISABLE = "organizations:DisablePolicyType";
/** A stand-in ARN naming the RCP type, for the calls' organizations:PolicyType. */
const RCP_TYPE = "/resource_control_policy/";
/** The call that puts an SCP on a level, as one must be before the last one there is detached. */
const ATTACH = "organizations:AttachPolicy";
/** A policy allowing everything: an identity policy under which only the SCPs decide, or an SCP rewritten. */
const ANYTHING = {
  source: "anything",
  policy: parsePolicyOrThrow(
    { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
    "anything",
  ),
};
/** The most SCPs a root, OU or account may hold at once (Organizations' quota of attached SCPs). */
const MOST_SCPS = 5;
/** AWS's SCP allowing everything, which any root, OU or account may be given. */
const FULL_ACCESS = "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess";
/** The blocks where no SCP of some level allows the path's request (an allow-list leaving it out). */
const NO_ALLOW = new Set(["no SCP allows sts:AssumeRole", "no SCP allows sts:AssumeRoot"]);
/** An SCP or RCP the organization made (AWS's own, such as FullAWSAccess, cannot be changed). */
const ORG_POLICY =
  /^(arn:aws[a-z-]*):organizations::(\d{12}):policy\/(o-[a-z0-9]+)\/(service|resource)_control_policy\/p-/;

/**
 * A path the organization's policies block, whose caller may lift every one of those policies
 * itself: rewrite it (organizations:UpdatePolicy), or detach it from every root, OU and account
 * of the path it is attached to (organizations:DetachPolicy on the policy and on each; one that
 * holds no other policy of the type keeps it, as each must keep one, unless the caller may first
 * attach FullAWSAccess there, and one whose other SCPs do not allow the request stays blocked
 * without it). From the management account
 * by its own policies (SCPs do not limit it), from a member account by its own policies and SCPs
 * and the organization's delegation policy both. A level whose SCPs allow no sts:AssumeRole (an
 * allow-list leaving it out) is lifted where the caller may attach FullAWSAccess there or rewrite
 * one of them. A caller that may disable the policy type in the root (organizations:DisablePolicyType)
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
    if (!path.blockedBy?.every((arn) => NO_ALLOW.has(arn) || ORG_POLICY.test(arn))) return path;
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
    const blockedBy = path.blockedBy;
    const byPolicy = (arn: string): Lift => {
      const rewrite = may(REWRITE, arn, arn);
      if (rewrite === "yes") return { certainty: rewrite, calls: [REWRITE] };
      const holder = contexts.get(
        policyType(arn) === "SERVICE_CONTROL_POLICY" ? path.from.accountId : path.to.accountId,
      );
      const after =
        policyType(arn) === "SERVICE_CONTROL_POLICY"
          ? allowedAfter(asking, requester, path, "detached", may)
          : { certainty: "yes" as Tri, calls: [] };
      const detach = allOf([detachCertainty(arn, holder, may, new Set(blockedBy)), after.certainty]);
      return detach === "no" || (rewrite === "maybe" && detach === "maybe")
        ? { certainty: rewrite, calls: [REWRITE] }
        : { certainty: detach, calls: [DETACH, ...after.calls] };
    };
    // The SCPs' blocks, then the RCPs', lifted policy by policy or by disabling the type in the root.
    const lifts = (["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"] as const).map((type) => {
      const scp = type === "SERVICE_CONTROL_POLICY";
      const blocks = blockedBy.filter((arn) => (NO_ALLOW.has(arn) ? scp : policyType(arn) === type));
      const each = blocks.filter((arn) => !NO_ALLOW.has(arn)).map(byPolicy);
      // Even rewritten to allow everything, they leave the request to the other levels' Allows.
      if (scp) each.push(allowedAfter(asking, requester, path, "rewritten", may));
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
 * Whether the caller may detach the policy from every level of its account's path it is attached
 * to: "no" where it is attached to none the snapshot lists. A level must keep a policy of the type,
 * so where it holds none but those blocking the path, an SCP is detached only once the caller has
 * attached FullAWSAccess there (organizations:AttachPolicy), and an RCP not at all.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_DetachPolicy.html
 */
function detachCertainty(
  arn: string,
  holder: PermissiveContext | undefined,
  may: (action: string, resource: string, policy: string) => Tri,
  blocking: ReadonlySet<string>,
): Tri {
  const org = holder?.snapshot.organization;
  const scp = policyType(arn) === "SERVICE_CONTROL_POLICY";
  const levels = (scp ? org?.scpLevels : org?.rcpLevels) ?? [];
  const attached = levels.filter((level) => level.policies.some((p) => p.arn === arn));
  if (attached.length === 0) return "no";
  const [, partition, management, orgId] = ORG_POLICY.exec(arn)!;
  return allOf(
    attached.map((level) => {
      const target = targetArn(`${partition}:organizations::${management}`, orgId!, level.targetId);
      // A level the snapshot names otherwise leaves the call on it in doubt.
      const on = (action: string) => (target ? may(action, target, arn) : "maybe");
      const detach = allOf([may(DETACH, arn, arn), on(DETACH)]);
      if (level.policies.some((p) => !blocking.has(p.arn))) return detach;
      if (!scp) return "no";
      return allOf([detach, may(ATTACH, fullAccess(partition!), arn), on(ATTACH)]);
    }),
  );
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

/**
 * Whether the caller may give a level an Allow for everything: attach FullAWSAccess to it
 * (organizations:AttachPolicy on the policy and the level), or rewrite one of its own SCPs. A
 * level already holding the most SCPs one may take refuses the attach until one of them is
 * detached (organizations:DetachPolicy on it and the level).
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_AttachPolicy.html
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
 */
function givenAllow(
  target: string | undefined,
  kept: readonly { source: string }[],
  may: (action: string, resource: string, policy: string) => Tri,
): { certainty: Tri; calls: string[] } {
  const full = fullAccess(target?.split(":").slice(0, 2).join(":") ?? "arn:aws");
  const own = kept.filter((p) => ORG_POLICY.test(p.source));
  const room =
    kept.length < MOST_SCPS
      ? "yes"
      : target
        ? anyOf(own.map((p) => allOf([may(DETACH, p.source, p.source), may(DETACH, target, p.source)])))
        : "no";
  const attach = target ? allOf([may(ATTACH, full, full), may(ATTACH, target, full), room]) : "no";
  const rewrite = anyOf(own.map((p) => may(REWRITE, p.source, p.source)));
  const attaching = kept.length < MOST_SCPS ? [ATTACH] : [DETACH, ATTACH];
  if (attach === "yes" || (attach === "maybe" && rewrite !== "yes"))
    return { certainty: attach, calls: attaching };
  return { certainty: rewrite, calls: rewrite === "no" ? [] : [REWRITE] };
}

/** The ARN of the caller's `index`th SCP level. */
function levelArn(
  org: Snapshot["organization"],
  index: number,
  kept: readonly { source: string }[],
  roleArn: string,
): string | undefined {
  const targetId = org?.scpLevels[index]?.targetId;
  return targetId
    ? organizationArn(
        org,
        targetId,
        kept.map((p) => p.source),
        roleArn,
      )
    : undefined;
}

/** The ARN of the root of the organization over the holder's account, where its levels name it. */
function rootArn(
  holder: PermissiveContext | undefined,
  policies: readonly string[],
  roleArn: string,
): string | undefined {
  const org = holder?.snapshot.organization;
  const levels = [...(org?.scpLevels ?? []), ...(org?.rcpLevels ?? [])];
  const root = levels.find((level) => level.targetId.startsWith("r-"))?.targetId;
  return root ? organizationArn(org, root, policies, roleArn) : undefined;
}

/** A root's, OU's or account's ARN, from the organization's own policies' ARNs or the snapshot's organization. */
function organizationArn(
  org: Snapshot["organization"],
  targetId: string,
  policies: readonly string[],
  roleArn: string,
): string | undefined {
  const own = policies.map((arn) => ORG_POLICY.exec(arn)).find((m) => m !== null);
  const partition = own?.[1] ?? `arn:${roleArn.split(":")[1]}`;
  const management = own?.[2] ?? org?.managementAccountId;
  const orgId = own?.[3] ?? org?.id;
  if (!management || !orgId) return undefined;
  return targetArn(`${partition}:organizations::${management}`, orgId, targetId);
}

/** The surer of two ways to lift a block: the first where both are as sure. */
function surer(a: Lift, b: Lift): Lift {
  if (a.certainty === "yes" || b.certainty === "no") return a;
  return b.certainty === "yes" || a.certainty === "no" ? b : a;
}

/** The principal that makes a lift's Organizations calls: the path's caller, or one before it on its chain. */
export type Lifter = CrossAccountPath["from"];

/** How sure a lift is, and the calls it makes. */
interface Lift {
  certainty: Tri;
  calls: string[];
}

/** FullAWSAccess's ARN in the partition. */
function fullAccess(partition: string): string {
  return FULL_ACCESS.replace(/^arn:aws/, partition);
}

/** A root's, OU's or account's ARN, as Organizations authorizes calls on it; undefined for another id. */
function targetArn(prefix: string, orgId: string, id: string): string | undefined {
  if (/^\d{12}$/.test(id)) return `${prefix}:account/${orgId}/${id}`;
  if (/^ou-/.test(id)) return `${prefix}:ou/${orgId}/${id}`;
  if (/^r-/.test(id)) return `${prefix}:root/${orgId}/${id}`;
  return undefined;
}
