import type { PrincipalAccess } from "../account/permissions.js";
import type { PermissiveContext } from "../findings/permissive/context.js";
import { attackContext } from "../findings/permissive/context.js";
import { evaluateInPickedRegion } from "../findings/permissive/trust/picked-region.js";
import { makeContext, type RequestContext } from "../policy/context.js";
import type { EvaluationResult } from "../policy/evaluate.js";
import { parsePolicy } from "../policy/parse.js";
import { type PolicyInput, PrincipalPermissions } from "../policy/principal-permissions.js";
import { isServiceLinked } from "../snapshot/model.js";
import { actingAs } from "./acting-as.js";
import type { CrossAccountPath } from "./cross-account.js";
import { orgCaller } from "./org-request.js";
import { type RootAccess, rootSessionsOff } from "./root-access.js";
import { unreadCaller } from "./unread-caller.js";

/**
 * The task policy of an sts:AssumeRoot session that makes the member's root user a password: the
 * session calls iam:CreateLoginProfile, and whoever then recovers that password by the root user's
 * email address signs in as the root user, with all of the account but what its SCPs deny.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user-privileged-task.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateLoginProfile.html
 * The other task policies (IAMAuditRootUserCredentials, IAMDeleteRootUserCredentials,
 * S3UnlockBucketPolicy, SQSUnlockQueuePolicy) read or remove what is there and give the caller no
 * access of its own.
 */
export const ROOT_PASSWORD_TASK = "arn:aws:iam::aws:policy/root-task/IAMCreateRootUserPassword";

/**
 * Paths by centralized root access: a user or role of the organization's management account whose
 * policies allow sts:AssumeRoot on a member account's root user with the IAMCreateRootUserPassword
 * task policy can give that root user a password, and so take the member whole. Only the
 * management account and IAM's delegated administrator may call sts:AssumeRoot, and only once
 * the organization has enabled root sessions (trusted access for IAM, then the `RootSessions`
 * feature): the feature may be enabled at any time, so every such path hangs on it ("maybe"), even
 * where the run read it off (`rootAccess`), as it does on the root user's email, which the password
 * is recovered by. The delegated administrator is the one the run read (`rootAccess`); where it
 * could not be read, a member account is taken for it by its policies (namesAssumeRoot) and its
 * paths hang on that too. The member's SCPs apply to
 * its root user, the session's calls (`aws:AssumedRoot` set) as the root user's sign-in: where they
 * deny the session its iam:CreateLoginProfile, or the root user everything, the path is blocked by
 * them. SCPs do not apply to the management account's caller; a delegated administrator's deny it
 * as they deny its other calls.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoot.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-enable-root-access.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-assumedroot
 */
export function assumeRootPaths(
  contexts: ReadonlyMap<string, PermissiveContext>,
  organizationId: string | undefined,
  /** The management account as the run knows it, where a snapshot's organization was not read. */
  managementAccountId?: string,
  rootAccess?: RootAccess,
): CrossAccountPath[] {
  const paths: CrossAccountPath[] = [];
  const sessionsOff = rootSessionsOff(rootAccess);
  for (const [sourceId, source] of contexts) {
    const management = source.snapshot.organization?.managementAccountId ?? managementAccountId;
    if (!management) continue;
    const delegated = management !== sourceId;
    if (delegated && !(rootAccess?.delegatedAdministrators?.includes(sourceId) ?? namesAssumeRoot(source)))
      continue;
    for (const [targetId, target] of contexts) {
      // Root sessions are of member accounts only.
      if (targetId === sourceId || targetId === management) continue;
      const rootArn = `arn:${partitionOf(source)}:iam::${targetId}:root`;
      let rootBlocked: string[] | undefined;
      for (const caller of source.account.all()) {
        // Or a policy attached to it that the snapshot holds no document for may allow the call.
        let edge = callerEdge(source, caller, targetId, rootArn, organizationId);
        const unread = edge ? undefined : unreadCaller(source, caller);
        if (unread) edge = callerEdge(source, unread.access, targetId, rootArn, organizationId);
        if (!edge) continue;
        rootBlocked ??= rootBlockedBy(target, rootArn);
        const blockedBy = [...(edge.blockedBy ?? []), ...rootBlocked];
        paths.push({
          from: { accountId: sourceId, principalArn: caller.principal.arn, type: caller.type as "user" },
          to: { accountId: targetId, roleArn: rootArn },
          via: "account",
          reaches: { admin: "conditional" },
          certainty: "maybe",
          ...(blockedBy.length > 0 ? { blockedBy } : {}),
          ...(edge.selfGrant ? { selfGrant: edge.selfGrant } : {}),
          ...(edge.joinsGroup ? { joinsGroup: edge.joinsGroup } : {}),
          ...(unread ? { unreadPolicies: unread.sources } : {}),
          assumeRoot: {
            taskPolicy: ROOT_PASSWORD_TASK,
            ...(delegated ? { delegatedAdministrator: true as const } : {}),
            ...(sessionsOff ? { rootSessionsOff: true as const } : {}),
          },
        });
      }
    }
  }
  return paths;
}

/**
 * Whether a policy of the account names sts:AssumeRoot itself: where the run could not read which
 * account is IAM's delegated administrator, one granting that action, which no other member
 * account may call, is taken for it, so that its principals allowed it have their paths ("maybe").
 * An account whose policies allow it only as everything (`*`, `sts:*`) is not: taking every
 * account's administrators for the delegated administrator's would list paths from every account.
 */
function namesAssumeRoot(source: PermissiveContext): boolean {
  return source.account
    .all()
    .some((access) =>
      access.permissions.statements.some(
        (s) =>
          s.layer === "identity" &&
          s.statement.effect === "Allow" &&
          !s.statement.notAction &&
          s.statement.actions.some((a) => a.toLowerCase() === "sts:assumeroot"),
      ),
    );
}

/** How the caller, as it is or as it may first make itself, is allowed the session; undefined when not. */
function callerEdge(
  source: PermissiveContext,
  caller: PrincipalAccess,
  targetId: string,
  rootArn: string,
  organizationId: string | undefined,
): { selfGrant?: string; joinsGroup?: string; blockedBy?: string[] } | undefined {
  if (caller.type === "group") return undefined;
  if (isServiceLinked(caller.principal)) return undefined;
  const own = decide(source, caller, targetId, rootArn, organizationId);
  if (own === true) return {};
  for (const made of actingAs(source, caller))
    if (decide(source, made.access, targetId, rootArn, organizationId) === true)
      return {
        ...(made.selfGrant ? { selfGrant: made.selfGrant } : {}),
        ...(made.joinsGroup ? { joinsGroup: made.joinsGroup } : {}),
      };
  return own ? { blockedBy: own } : undefined;
}

/**
 * True when the caller's policies allow the session; else, where its SCPs (a delegated
 * administrator's: they do not apply to the management account) and nothing else deny it, those.
 */
function decide(
  source: PermissiveContext,
  caller: PrincipalAccess,
  targetId: string,
  rootArn: string,
  organizationId: string | undefined,
): true | string[] | undefined {
  const keys: Record<string, string> = {
    "sts:TaskPolicyArn": ROOT_PASSWORD_TASK,
    "aws:ResourceAccount": targetId,
    ...(organizationId ? { "aws:ResourceOrgID": organizationId } : {}),
  };
  const request = {
    action: "sts:AssumeRoot",
    resource: rootArn,
    context: attackContext(source, caller, keys),
  };
  // AssumeRoot has no global endpoint: the caller picks a Regional one, as for sts:AssumeRole.
  const member = orgCaller(source, caller, organizationId);
  const result = evaluateInPickedRegion(caller.permissions, member, request);
  if (result.decision === "Allow" || result.decision === "Conditional") return true;
  if (caller.permissions.scpLevels === 0) return undefined;
  const { scps: _, ...own } = caller.permissions.policies;
  const unlimited = evaluateInPickedRegion(new PrincipalPermissions(source.catalog, own), member, request);
  if (unlimited.decision !== "Allow" && unlimited.decision !== "Conditional") return undefined;
  const scps = result.matched.filter((m) => m.layer === "scp" && m.effect === "Deny").map((m) => m.source);
  return scps.length > 0 ? [...new Set(scps)] : ["no SCP allows sts:AssumeRoot"];
}

/**
 * The member's SCPs that deny its root user what the path needs: the session's
 * iam:CreateLoginProfile, or every action once the root user signs in with its password. None
 * when the SCPs were not read or are not in force (a node of the account's path without one).
 */
export function rootBlockedBy(target: PermissiveContext, rootArn: string): string[] {
  const scps = rootScps(target);
  return scps ? rootBlockedUnder(target, rootArn, scps) : [];
}

/** The member's SCPs, `scps`, that deny its root user what the path needs, as rootBlockedBy. */
export function rootBlockedUnder(
  target: PermissiveContext,
  rootArn: string,
  scps: PolicyInput[][],
): string[] {
  const permissions = new PrincipalPermissions(target.catalog, {
    identity: [{ source: "root", policy: parsePolicy(ALL, { kind: "identity" }).policy! }],
    scps,
  });
  const accountId = target.snapshot.accountId;
  const base = {
    "aws:PrincipalArn": rootArn,
    "aws:PrincipalAccount": accountId,
    "aws:PrincipalType": "Account",
    "aws:ResourceAccount": accountId,
    "aws:CurrentTime": target.snapshot.collectedAt,
    "aws:SecureTransport": "true",
    "aws:PrincipalIsAWSService": "false",
  };
  const session = makeContext({ ...base, "aws:AssumedRoot": "true" });
  const created = permissions.evaluate({
    action: "iam:CreateLoginProfile",
    resource: rootArn,
    context: session,
  });
  if (created.decision === "ExplicitDeny" || created.decision === "ImplicitDeny") return denying(created);
  // Signed in with its password: no aws:AssumedRoot on its requests.
  const signedIn: RequestContext = { ...makeContext(base), absent: (key) => key === "aws:assumedroot" };
  const denials: EvaluationResult[] = [];
  for (const action of target.catalog.actions) {
    const result = permissions.evaluate({ action: action.key, resource: "*", context: signedIn });
    if (result.decision !== "ExplicitDeny" && result.decision !== "ImplicitDeny") return [];
    if (denials.length < 1) denials.push(result);
  }
  return denials.flatMap(denying);
}

/** The block where no SCP of some level of the member's path allows its root user what the path needs. */
export const NO_ROOT_ALLOW = "no SCP allows the member's root user";

const ALL = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };

/** The SCP policies that deny, or the level none of whose SCPs allows. */
function denying(result: EvaluationResult): string[] {
  const scps = [
    ...new Set(result.matched.filter((m) => m.layer === "scp" && m.effect === "Deny").map((m) => m.source)),
  ];
  return scps.length > 0 ? scps : [NO_ROOT_ALLOW];
}

/** The member's SCP levels, parsed, as AccountPermissions caps its principals; undefined when none apply. */
export function rootScps(target: PermissiveContext): PolicyInput[][] | undefined {
  const org = target.snapshot.organization;
  if (!org || org.scpLevels.length === 0) return undefined;
  if (org.scpLevels.some((level) => level.policies.length === 0)) return undefined;
  if (org.managementAccountId === target.snapshot.accountId) return undefined;
  return org.scpLevels.map((level) =>
    level.policies.flatMap((p) => {
      const { policy } = parsePolicy(p.document, { kind: "scp" });
      return policy ? [{ source: p.arn, policy }] : [];
    }),
  );
}

function partitionOf(source: PermissiveContext): string {
  return source.snapshot.roles[0]?.arn.split(":")[1] ?? source.snapshot.users[0]?.arn.split(":")[1] ?? "aws";
}
