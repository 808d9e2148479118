import type { PermissiveContext } from "../findings/permissive/context.js";
import { allOf, anyOf, type Tri } from "../policy/context.js";
import { parsePolicyOrThrow } from "../policy/parse.js";
import type { Snapshot } from "../snapshot/model.js";
import { policyType } from "./organizations-call.js";

/** Whether the caller may make one call on one resource (organizations-call.ts), asked once. */
export type May = (action: string, resource: string, policy: string) => Tri;

/** The call that rewrites an SCP or RCP: a Deny taken out of its document no longer denies. */
export const REWRITE = "organizations:UpdatePolicy";
/** The call that takes an SCP or RCP off a root, OU or account: it no longer applies below it. */
export const DETACH = "organizations:DetachPolicy";
/** The call that takes every policy of a type off the whole organization (disables it in the root). */
export const DISABLE = "organizations:DisablePolicyType";
/** A stand-in ARN naming the RCP type, for the calls' organizations:PolicyType. */
export const RCP_TYPE = "/resource_control_policy/";
/** The call that puts an SCP on a level, as one must be before the last one there is detached. */
export const ATTACH = "organizations:AttachPolicy";
/** A policy allowing everything: an identity policy under which only the SCPs decide, or an SCP rewritten. */
export const ANYTHING = {
  source: "anything",
  policy: parsePolicyOrThrow(
    { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
    "anything",
  ),
};
/** The most SCPs a root, OU or account may hold at once (Organizations' quota of attached SCPs). */
export const MOST_SCPS = 5;
/** AWS's SCP allowing everything, which any root, OU or account may be given. */
export const FULL_ACCESS = "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess";
/** An SCP or RCP the organization made (AWS's own, such as FullAWSAccess, cannot be changed). */
export const ORG_POLICY =
  /^(arn:aws[a-z-]*):organizations::(\d{12}):policy\/(o-[a-z0-9]+)\/(service|resource)_control_policy\/p-/;

/**
 * Whether the caller may detach the policy from every level of its account's path it is attached
 * to: "no" where it is attached to none the snapshot lists. A level must keep a policy of the type,
 * so where it holds none but those blocking the path, an SCP is detached only once the caller has
 * attached FullAWSAccess there (organizations:AttachPolicy), and an RCP not at all.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_DetachPolicy.html
 */
export function detachCertainty(
  arn: string,
  holder: PermissiveContext | undefined,
  may: May,
  blocking: ReadonlySet<string>,
): Tri {
  const org = holder?.snapshot.organization;
  const scp = policyType(arn) === "SERVICE_CONTROL_POLICY";
  const levels = (scp ? org?.scpLevels : org?.rcpLevels) ?? [];
  const attached = levels.filter((level) => level.policies.some((p) => p.arn === arn));
  if (attached.length === 0) return "no";
  const partition = arn.split(":").slice(0, 2).join(":");
  return allOf(
    attached.map((level) => {
      const target = organizationArn(org, level.targetId, [arn], arn);
      // A level the snapshot names otherwise leaves the call on it in doubt.
      const on = (action: string) => (target ? may(action, target, arn) : "maybe");
      const detach = allOf([may(DETACH, arn, arn), on(DETACH)]);
      if (level.policies.some((p) => !blocking.has(p.arn))) return detach;
      if (!scp) return "no";
      return allOf([detach, may(ATTACH, fullAccess(partition), arn), on(ATTACH)]);
    }),
  );
}

/**
 * Whether the caller may give a level an Allow for everything: attach FullAWSAccess to it
 * (organizations:AttachPolicy on the policy and the level), or rewrite one of its own SCPs. A
 * level already holding the most SCPs one may take refuses the attach until one of them is
 * detached (organizations:DetachPolicy on it and the level).
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_AttachPolicy.html
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
 */
export function givenAllow(
  target: string | undefined,
  kept: readonly { source: string }[],
  may: May,
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
export function levelArn(
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
export function rootArn(
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
export function organizationArn(
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
export function surer(a: Lift, b: Lift): Lift {
  if (a.certainty === "yes" || b.certainty === "no") return a;
  return b.certainty === "yes" || a.certainty === "no" ? b : a;
}

/** How sure a lift is, and the calls it makes. */
export interface Lift {
  certainty: Tri;
  calls: string[];
}

/** FullAWSAccess's ARN in the partition. */
export function fullAccess(partition: string): string {
  return FULL_ACCESS.replace(/^arn:aws/, partition);
}

/** A root's, OU's or account's ARN, as Organizations authorizes calls on it; undefined for another id. */
export function targetArn(prefix: string, orgId: string, id: string): string | undefined {
  if (/^\d{12}$/.test(id)) return `${prefix}:account/${orgId}/${id}`;
  if (/^ou-/.test(id)) return `${prefix}:ou/${orgId}/${id}`;
  if (/^r-/.test(id)) return `${prefix}:root/${orgId}/${id}`;
  return undefined;
}
