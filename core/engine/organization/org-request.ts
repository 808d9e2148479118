import type { PrincipalAccess } from "../account/permissions.js";
import { attackContext, type PermissiveContext } from "../findings/permissive/context.js";
import { tagsItself } from "../findings/permissive/escalation/assume.js";
import type { Caller } from "../findings/permissive/trust/caller.js";
import { memberCaller, sessionsMayBeTagged } from "../findings/permissive/trust/callers.js";
import type { Snapshot } from "../snapshot/model.js";

/**
 * The caller as the target account sees its AssumeRole request: its own account, ARN and tags, not
 * an AWS service (a key AWS sets on every request), and its organization, which is known here so
 * that aws:PrincipalOrgID conditions (trust policies, RCPs) can be decided.
 */
export function orgCaller(
  source: PermissiveContext,
  caller: PrincipalAccess,
  organizationId: string | undefined,
): Caller {
  const base = memberCaller(source.snapshot.collectedAt, source.snapshot.accountId, {
    type: caller.type,
    arn: caller.principal.arn,
    name: caller.principal.name,
    ...("tags" in caller.principal ? { tags: caller.principal.tags } : {}),
    // One that may tag itself meets a trust policy's aws:PrincipalTag conditions as it likes, as in
    // the escalation graph.
    ...(tagsItself(caller, attackContext(source, caller)) ? { choosesTags: true } : {}),
    ...(caller.type === "role" &&
    sessionsMayBeTagged(source.account.trustPolicyOf(caller.principal.arn)?.policy)
      ? { sessionTagged: true }
      : {}),
  });
  const known = { ...base.known, "aws:principalisawsservice": ["false"] };
  if (!organizationId) return { ...base, known };
  const path = orgPath(source.snapshot, organizationId);
  const decided = path ? ["aws:principalorgid", "aws:principalorgpaths"] : ["aws:principalorgid"];
  return {
    ...base,
    known: {
      ...known,
      "aws:principalorgid": [organizationId],
      ...(path ? { "aws:principalorgpaths": [path] } : {}),
    },
    unknown: base.unknown.filter((k) => !decided.includes(k)),
  };
}

/** The request with the role's account's organization path (aws:ResourceOrgPaths), where it is known. */
export function inTargetPath(member: Caller, target: Snapshot, organizationId: string | undefined): Caller {
  const path = organizationId ? orgPath(target, organizationId) : undefined;
  if (!path) return member;
  return {
    ...member,
    known: { ...member.known, "aws:resourceorgpaths": [path] },
    unknown: member.unknown.filter((k) => k !== "aws:resourceorgpaths"),
  };
}

/**
 * The account's path in the organization as aws:PrincipalOrgPaths and aws:ResourceOrgPaths give it
 * (`o-…/r-…/ou-…/ou-…/`), from the nodes its SCPs were read along: the root, its OUs, then the
 * account itself. Unknown when they were not read that way (SCPs not enabled, another shape).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgpaths
 */
function orgPath(snapshot: Snapshot, organizationId: string): string | undefined {
  const nodes = snapshot.organization?.scpLevels.map((level) => level.targetId) ?? [];
  if (nodes.length < 2 || nodes[nodes.length - 1] !== snapshot.accountId) return undefined;
  const above = nodes.slice(0, -1);
  if (!/^r-/.test(above[0]!) || !above.slice(1).every((id) => /^ou-/.test(id))) return undefined;
  return `${organizationId}/${above.join("/")}/`;
}

/**
 * The keys of the request that the caller's own policies and SCPs may test as its trust policy
 * does, taken from the caller as the target sees it: the role's account, organization and tags
 * (aws:ResourceAccount, aws:ResourceOrgID; its tags are added apart), the caller's organization and
 * its path there, and that it is no AWS service (the external id and session name it sends are
 * added apart: withParametersSent). Left out, a data-perimeter SCP (Deny unless
 * aws:ResourceOrgID is the organization's) made every path it allows hang on a condition, and one
 * it denies go unblocked.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceorgid
 */
export function requestKeys(member: Caller): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const [key, values] of Object.entries(member.known)) {
    // The role's tags are read with those it lacks (withResourceTags).
    const wanted =
      (key.startsWith("aws:resource") && !key.startsWith("aws:resourcetag/")) ||
      key === "aws:principalorgid" ||
      key === "aws:principalorgpaths" ||
      key === "aws:principalisawsservice";
    if (wanted && values.length === 1) keys[key] = values[0]!;
  }
  return keys;
}
