import { AccountPermissions, type PrincipalAccess } from "../account/permissions.js";
import type { Catalog } from "../catalog/catalog.js";
import type { PermissiveContext } from "../findings/permissive/context.js";
import { assumeStatements, rolesAssumableByPrincipals } from "../findings/permissive/escalation/trust.js";
import { accountOf } from "../findings/permissive/trust/callers.js";
import { roleTrust } from "../findings/permissive/trust/verdict.js";
import type { Tri } from "../policy/context.js";
import type { Role, Snapshot } from "../snapshot/model.js";
import { actingAs } from "./acting-as.js";
import { assumeRootPaths } from "./assume-root.js";
import { type DelegatedServices, delegatedAccounts } from "./delegated-services.js";
import { grantedPrincipals } from "./granted-principals.js";
import { identityCenterPaths } from "./identity-center.js";
import { blockLifter } from "./lifted-block.js";
import { LaterHops } from "./lifted-onward.js";
import { namedNewPrincipals } from "./new-principal-name.js";
import { onlyBackToCaller } from "./only-back-to-caller.js";
import { onward, surestOnward, withOnward } from "./onward-reach.js";
import type { PolicyDelegation } from "./policy-delegation.js";
import { type RoleReach, roleReach } from "./role-reach.js";
import type { RootAccess } from "./root-access.js";
import { stackSetPaths } from "./stack-sets.js";
import { rank, withTakeovers } from "./takeovers.js";
import { type Edge, edgeFrom } from "./trust-edge.js";
import { unreadCaller } from "./unread-caller.js";

/**
 * One trust edge across accounts of the organization that leads somewhere: a user or role of one
 * account can assume a role of another, and that role is an administrator there or can escalate;
 * or of the same account, when the role opens such a path into another (whatever it holds itself).
 * `blockedBy` lists the caller's SCPs when they, and nothing else, deny its sts:AssumeRole, and the
 * target account's RCPs that deny it.
 */
export interface CrossAccountPath {
  from: { accountId: string; principalArn: string; type: "user" | "role" };
  to: { accountId: string; roleArn: string };
  /** How the role's trust policy admits the caller: by its ARN, its account, or anyone (`*`). */
  via: "named" | "account" | "anyone";
  reaches: RoleReach;
  certainty: Exclude<Tri, "no">;
  blockedBy?: string[];
  /**
   * The calls by which the caller may itself lift every policy in `blockedBy` (rewrite it, or
   * detach it; lifted-block.ts): the guardrail does not hold against it.
   */
  liftsBlock?: string;
  /**
   * The users and roles of the caller's account it acts as first, in turn, with the escalation
   * paths by which it does (takeovers.ts); absent when it makes the request itself.
   */
  through?: { principalArn: string; paths: string[]; selfGrant?: string; joinsGroup?: string }[];
  /**
   * The call by which the caller first gives itself a policy allowing everything (self-grant.ts),
   * or iam:CreateGroup where it creates a group with such a policy and joins it (self-made.ts), or
   * iam:CreateUser or iam:CreateRole where a user or role it creates with such a policy makes the
   * request (new-principal.ts),
   * where that is what lets it take the path.
   */
  selfGrant?: string;
  /**
   * The group of its account the caller, a user, first adds itself to (iam:AddUserToGroup), where
   * that group's policies are what let it take the path, or, with `selfGrant`, give itself a policy
   * once a member (by the group's policies, or by putting or attaching it on that group).
   */
  joinsGroup?: string;
  /** The caller is a role whose trust policy certainly lets in principals of any account: anyone takes the path. */
  openToAnyone?: true;
  /**
   * The path is no role's but the member's root user, by centralized root access: an sts:AssumeRoot
   * session with this task policy gives the root user a password (assume-root.ts);
   * `delegatedAdministrator` when the caller's account is IAM's delegated administrator (as read, or
   * taken for it where that could not be read); `rootSessionsOff` when the run read the
   * organization's root sessions off (root-access.ts).
   */
  assumeRoot?: { taskPolicy: string; delegatedAdministrator?: true; rootSessionsOff?: true };
  /** The caller, of the management account, deploys a StackSet the role runs (stack-sets.ts). */
  stackSet?: true;
  /**
   * The caller, of the management account, assigns this permission set in the member
   * (sso:CreateAccountAssignment) and signs in as the role it is provisioned as (identity-center.ts).
   */
  permissionSet?: string;
  /**
   * The caller's account is not the management account but the service's delegated administrator
   * (StackSets' for `stackSet`, IAM Identity Center's for `permissionSet`), as the run read it.
   */
  delegatedAdministrator?: true;
  /**
   * The caller's attached managed policies the snapshot holds no document for, where only they may
   * allow its request (the path is then "maybe"): what they grant is unknown.
   */
  unreadPolicies?: string[];
}

/** One account's state as the organization rollup reads it. */
export interface OrgAccountState {
  accountId: string;
  snapshot: Snapshot;
}

/**
 * Cross-account AssumeRole edges between the organization's accounts. Per AWS, a principal of
 * another account may assume a role only when the role's trust policy admits it AND its own
 * identity policies (after its boundary and its account's SCPs) allow sts:AssumeRole on the role —
 * naming the principal in the trust policy is not enough across accounts. Inside one account it
 * is, as the escalation graph finds (`directGrants`: its ARN, a session of its role, or `*`).
 * Explicit Denies and SCPs still refuse every way.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 * Only roles that give something (administrator, an escalation path, a path on) are followed;
 * chains inside the target account come from the account's own escalation analysis.
 */
export function crossAccountPaths(
  catalog: Catalog,
  states: readonly OrgAccountState[],
  organizationId?: string,
  /** The organization's management account as the run knows it (DescribeOrganization). */
  managementAccountId?: string,
  /** IAM's centralized root access as the run read it. */
  rootAccess?: RootAccess,
  /** The delegated administrators of StackSets and Identity Center as the run read them. */
  delegatedServices?: DelegatedServices,
  /** The organization's delegation policy as the run read it: who else may rewrite SCPs and RCPs. */
  policyDelegation?: PolicyDelegation,
): CrossAccountPath[] {
  const contexts = new Map<string, PermissiveContext>(
    states.map((s) => [
      s.accountId,
      { catalog, snapshot: s.snapshot, account: new AccountPermissions(catalog, s.snapshot) },
    ]),
  );
  // Every role principals may assume, with the accounts of the organization whose principals its
  // trust admits (its own included).
  const assumable = new Map(
    [...contexts].flatMap(([targetId, target]) =>
      rolesAssumableByPrincipals(target).map(
        (role) =>
          [
            role.arn,
            { targetId, target, role, trusted: trustedOrgAccounts(target, role, contexts) },
          ] as const,
      ),
    ),
  );
  const trustedRoles = [...assumable.values()].filter((t) => t.trusted.some((id) => id !== t.targetId));
  // What a role holds in its own account by itself (administrator, escalation), asked once.
  const held = new Map<string, RoleReach | undefined>();
  const ownReach = (arn: string) => {
    if (!held.has(arn)) {
      const hop = assumable.get(arn);
      const access = hop?.target.account.of(arn);
      held.set(arn, hop && access ? roleReach(hop.target, access) : undefined);
    }
    return held.get(arn);
  };
  const reachOf = new Map<string, RoleReach>();
  for (const { role } of trustedRoles) {
    const reaches = ownReach(role.arn);
    if (reaches) reachOf.set(role.arn, reaches);
  }
  // A role that opens a path into another account gives that path, besides what it holds itself:
  // its callers reach the far role in two hops (or more), so roles are followed until none is new.
  // Its callers in its own account are followed too: the account's own analysis, which knows only
  // that account, sees at most what the role holds there.
  // Every unblocked edge out of such a role: its reach is that of the surest, once all are found.
  const onwardOf = new Map<string, { roleArn: string; accountId: string; certainty: Tri }[]>();
  const paths: CrossAccountPath[] = [];
  const followed = new Set<string>();
  const pending = trustedRoles.filter((t) => reachOf.has(t.role.arn));
  // Records an unblocked edge out of role `arn`; its first makes the role lead on, to be followed.
  const leadsOn = (
    arn: string,
    out: { roleArn: string; accountId: string; certainty: Tri },
    reaches: RoleReach,
  ) => {
    const found = onwardOf.get(arn);
    if (found) {
      found.push(out);
      return;
    }
    onwardOf.set(arn, [out]);
    reachOf.set(arn, withOnward(ownReach(arn), onward(out.roleArn, out.accountId, reaches, out.certainty)));
    const hop = assumable.get(arn);
    if (hop) pending.push(hop);
    const into = waiting.get(arn);
    waiting.delete(arn);
    for (const path of into ?? []) goesOn(path);
  };
  // A path its caller may lift the SCP or RCP block of leads on as surely as the lift goes.
  const lifted = blockLifter(contexts, organizationId, managementAccountId, policyDelegation);
  const onwardCertainty = (path: CrossAccountPath): CrossAccountPath["certainty"] | undefined => {
    if (!path.blockedBy) return path.certainty;
    const lift = lifted(path);
    return lift.liftsBlock ? lift.certainty : undefined;
  };
  // Ways out of a role that lead nowhere by themselves, but may on a chain whose earlier principal
  // lifts their block; the paths into a role that gives nothing yet, to lead on once it does.
  const later = new LaterHops(lifted);
  const waiting = new Map<string, CrossAccountPath[]>();
  const goesOn = (path: CrossAccountPath) => {
    const arn = path.from.principalArn;
    const certainty = onwardCertainty(path);
    const reaches = reachOf.get(path.to.roleArn);
    if (certainty && reaches) {
      leadsOn(arn, { roleArn: path.to.roleArn, accountId: path.to.accountId, certainty }, reaches);
      return;
    }
    if (!reaches) waiting.set(path.to.roleArn, [...(waiting.get(path.to.roleArn) ?? []), path]);
    const hop = assumable.get(arn);
    if (later.add(path, certainty) && hop && !onwardOf.has(arn)) pending.push(hop);
  };
  // A role of the management account that may take a member's root user (sts:AssumeRoot) leads
  // on to it as to a role of that account: its callers, of any account, reach the root user too.
  // So does one that may deploy StackSets into the members, to their StackSets execution roles,
  // or assign permission sets there, to the roles they are provisioned as.
  const rootPaths = [
    ...assumeRootPaths(contexts, organizationId, managementAccountId, rootAccess),
    ...stackSetPaths(contexts, managementAccountId, delegatedAccounts(delegatedServices, "stackSets")),
    ...identityCenterPaths(
      contexts,
      organizationId,
      managementAccountId,
      delegatedAccounts(delegatedServices, "identityCenter"),
    ),
  ];
  for (const path of rootPaths) {
    if (path.from.type !== "role") continue;
    if (!reachOf.has(path.to.roleArn)) reachOf.set(path.to.roleArn, path.reaches);
    goesOn(path);
  }
  for (let next = pending.shift(); next; next = pending.shift()) {
    const { targetId, target, role, trusted } = next;
    // Settled once all are found: a role with no reach of its own may gain one on the way.
    const reaches = reachOf.get(role.arn) ?? { escalation: [], certainty: "maybe" };
    for (const sourceId of trusted) {
      if (sourceId === targetId && !onwardOf.has(role.arn) && !later.has(role.arn)) continue;
      // A role is followed again once it leads on, for its own account's callers alone.
      const key = `${role.arn} ${sourceId}`;
      if (followed.has(key)) continue;
      followed.add(key);
      const source = contexts.get(sourceId)!;
      for (const caller of source.account.all()) {
        // A role assuming itself reaches nothing it does not hold.
        if (caller.principal.arn === role.arn) continue;
        let edge:
          | (Edge & Pick<CrossAccountPath, "selfGrant" | "joinsGroup" | "through" | "unreadPolicies">)
          | undefined = edgeFrom(source, caller, target, role, organizationId);
        // A caller that can give itself any policy, or add itself to a group, goes so too where its
        // own policies do not surely take it, as surely as it may make itself so.
        for (const made of !edge || rank(edge) < 2 ? madeWays(source, caller, target, role) : []) {
          const granted = edgeFrom(source, made.access, target, role, organizationId);
          if (!granted) continue;
          const certainty = made.certainty === "yes" ? granted.certainty : "maybe";
          const withMade = {
            ...granted,
            certainty,
            ...(made.selfGrant ? { selfGrant: made.selfGrant } : {}),
            ...(made.joinsGroup ? { joinsGroup: made.joinsGroup } : {}),
          };
          if (!edge || rank(withMade) > rank(edge)) edge = withMade;
          if (rank(edge) === 2) break;
        }
        // Or it gives another principal of its account such a policy, and acts as it: where that
        // principal goes as far as it is, the takeovers (takeovers.ts) report it so.
        for (const made of !edge || rank(edge) < 2 ? grantedPrincipals(source, caller) : []) {
          const granted = edgeFrom(source, made.access, target, role, organizationId, made.keySigned);
          if (!granted) continue;
          const plain = edgeFrom(source, made.taken, target, role, organizationId, made.keySigned);
          if (plain && rank(plain) >= rank(granted)) continue;
          const withMade = { ...granted, certainty: made.certainty === "yes" ? granted.certainty : "maybe" };
          if (!edge || rank(withMade) > rank(edge)) edge = { ...withMade, through: [made.through] };
          if (rank(edge) === 2) break;
        }
        // Or a policy attached to it that the snapshot holds no document for may allow the request.
        const unread = edge ? undefined : unreadCaller(source, caller);
        const widened = unread && edgeFrom(source, unread.access, target, role, organizationId);
        if (unread && widened) edge = { ...widened, certainty: "maybe", unreadPolicies: unread.sources };
        if (!edge) continue;
        const path: CrossAccountPath = {
          from: { accountId: sourceId, principalArn: caller.principal.arn, type: caller.type as "user" },
          to: { accountId: targetId, roleArn: role.arn },
          reaches,
          ...edge,
        };
        paths.push(path);
        // A way through another principal is its caller's alone, as a takeover's is.
        if (caller.type === "role" && !edge.through) goesOn(path);
      }
    }
  }
  surestOnward(reachOf, onwardOf, ownReach);
  // Each path gives what its role does, and what the role's blocked ways on give once the caller lifts them.
  const reached = paths.filter((path) => {
    const own = reachOf.get(path.to.roleArn);
    const gained = later.gained(path, onwardOf, (arn) => reachOf.get(arn));
    const reaches = own && gained ? withOnward(own, gained) : (own ?? gained);
    if (reaches) path.reaches = reaches;
    return reaches !== undefined;
  });
  const holdsItself = (arn: string) => ownReach(arn) !== undefined;
  const kept = reached.filter((path) => !onlyBackToCaller(path, onwardOf, holdsItself));
  // The edge of a path's request signed with an access key just created for its caller, a user.
  const keySigned = (path: CrossAccountPath): Edge | undefined => {
    const source = contexts.get(path.from.accountId)!;
    const read = source.account.of(path.from.principalArn);
    const own = read && path.unreadPolicies ? unreadCaller(source, read)?.access : read;
    const hop = assumable.get(path.to.roleArn);
    const ways =
      own && hop && (path.selfGrant || path.joinsGroup)
        ? madeWays(source, own, hop.target, hop.role)
            .filter((m) => m.selfGrant === path.selfGrant && m.joinsGroup === path.joinsGroup)
            .map((m) => m.access)
        : own
          ? [own]
          : [];
    // What it cannot judge again it leaves as it was.
    if (ways.length === 0 || !hop) return path;
    let best: Edge | undefined;
    for (const access of ways) {
      const edge = edgeFrom(source, access, hop.target, hop.role, organizationId, true);
      if (edge && (!best || rank(edge) > rank(best))) best = edge;
    }
    return best;
  };
  // A takeover's path is judged again with the principals it acts as on the way.
  const taken = withTakeovers(contexts, kept, keySigned).filter(
    (path) => !path.through || !onlyBackToCaller(path, onwardOf, holdsItself),
  );
  const found = [...taken, ...rootPaths].map((path) => {
    const { account } = contexts.get(path.from.accountId)!;
    const open = path.from.type === "role" && roleTrust(account, path.from.principalArn)?.outsider;
    return open && open.certainty === "yes" ? { ...path, openToAnyone: true as const } : path;
  });
  return found.map((path) => lifted(path));
}

/**
 * What the caller may make of itself before it asks for the role (actingAs), with the users and
 * roles it may create under a name the role's trust policy or its account's RCPs test the
 * principal's ARN for (namedNewPrincipals).
 */
function madeWays(source: PermissiveContext, caller: PrincipalAccess, target: PermissiveContext, role: Role) {
  const trust = target.account.trustPolicyOf(role.arn)?.policy;
  const rcps = (target.account.resourceControlPolicies() ?? []).map((r) => r.policy);
  return [
    ...actingAs(source, caller),
    ...namedNewPrincipals(source, caller, trust ? [trust, ...rcps] : rcps),
  ];
}

/** The audited accounts a role's trust policy admits principals of (all of them for `*`). */
function trustedOrgAccounts(
  ctx: PermissiveContext,
  role: Role,
  contexts: Map<string, PermissiveContext>,
): string[] {
  const accounts = new Set<string>();
  for (const s of assumeStatements(ctx, role)) {
    // NotPrincipal lets in everyone it does not name: any account may hold a caller it admits.
    const values = s.principal?.any || s.notPrincipal ? ["*"] : (s.principal?.values.AWS ?? []);
    for (const value of values) {
      if (value === "*") for (const id of contexts.keys()) accounts.add(id);
      const account = accountOf(value);
      if (account && contexts.has(account)) accounts.add(account);
    }
  }
  return [...accounts].sort();
}
