/**
 * What makes one action of an escalation path exploitable: the resource it must be allowed on.
 * - `new`: a resource the caller creates and names, or an action without resources; `joined`, a
 *   group the caller then joins, whose policies reach it only as far as its own boundary lets them.
 * - `pass-role`: iam:PassRole on a role that `service` can assume and that is more privileged than the
 *   caller; with `anyRole`, on any such role (one the service works with, whose permissions the
 *   caller never gets). iam:PassedToService is `service` unless `passedToUnknown`: the call passes
 *   the role to another service that hands it on, and which of them the key names is not documented.
 * - `service-role`: an existing resource of `service` running with such a role; IAM data cannot
 *   list the functions, instances or stacks, so a privileged role the service can assume stands for them.
 * - `principal`: any user, role or group of the account (the caller included, where its
 *   permissions boundary leaves room for more) — granting it permissions is granting them to
 *   whoever controls it.
 * - `privileged`: a user, role or group more privileged than the caller (taking its credentials,
 *   joining it, rewriting its trust).
 * - `own-policy`: a customer managed policy that applies to the caller (AWS managed policies
 *   cannot be versioned by an account).
 * - `assumable-policy`: a customer managed policy attached to a role the caller can assume, directly
 *   or through other roles: what the policy grants, the caller gets by assuming the role.
 * - `attached-policy`: a customer managed policy attached to any other user, role or group of the
 *   account (neither the caller's own nor one of a role it reaches): a version of it grants them
 *   anything, as attaching a policy to them would.
 * - `own-boundary`: the caller itself, a user or role whose permissions boundary keeps from it
 *   something its own policies allow: removing or replacing the boundary gives it all of them.
 * - `own-tags`: the caller itself, a user or role whose own tags keep from it something a statement
 *   testing aws:PrincipalTag would allow with others: tagging itself, it meets the condition.
 * - `saml-provider`: a SAML provider of the account that a role more privileged than the caller
 *   trusts: its metadata rewritten, the caller's own assertions get that role's credentials.
 * - `oidc-provider`: an OIDC provider of the account whose client list alone keeps an identity of
 *   the IdP out of a role more privileged than the caller: its own client added, its tokens get in.
 * - `identity-pool`: an Amazon Cognito identity pool that a role more privileged than the caller
 *   trusts: reconfigured, its basic flow gives the caller tokens for that role.
 * - `unbound`: another user, or a role the caller can assume (directly or through other roles),
 *   whose permissions boundary keeps back something its policies allow that the caller lacks:
 *   removed or replaced, the caller gets it by assuming the role, or taking over the user.
 */
export type Target =
  | { kind: "new"; joined?: true }
  | { kind: "pass-role"; service: string; instanceProfile?: boolean; anyRole?: true; passedToUnknown?: true }
  | { kind: "service-role"; service: string; instanceProfile?: boolean }
  | { kind: "principal"; type: PrincipalType }
  /** `via`: the path then acts through a new access key or console password of the user it puts there (takenOverAs). */
  | { kind: "privileged"; type: PrincipalType; via?: "key" | "console" }
  | { kind: "own-policy" }
  | { kind: "assumable-policy" }
  | { kind: "attached-policy" }
  | { kind: "own-boundary"; type: "user" | "role" }
  | { kind: "own-tags"; type: "user" | "role" }
  | { kind: "saml-provider" }
  | { kind: "oidc-provider" }
  | { kind: "identity-pool" }
  | { kind: "unbound"; type: "user" | "role" };

export type PrincipalType = "user" | "role" | "group";

export interface Requirement {
  action: string;
  target: Target;
  /** A read that only finds the target (the instance to reach): it grants nothing by itself. */
  lookUp?: true;
}

export interface EscalationPath {
  /** pathfinding.cloud's id where the combination comes from there, else `whittle-…`. */
  id: string;
  /** The combination, in a few words. */
  name: string;
  /** Rhino Security Labs' method number (their 2018 list of 21), when it is one of those. */
  rhino?: number;
  /**
   * The callers that can take the path, when not every one can: only users can be added to a group
   * (a group's policies act for its members, who are users), so a role holding iam:AddUserToGroup
   * gains nothing by itself. Absent: any caller.
   * https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddUserToGroup.html
   */
  takenBy?: readonly PrincipalType[];
  requires: Requirement[];
}
