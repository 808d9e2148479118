/**
 * IAM calls that give a user, role or group permissions it may not have held before: an inline
 * policy written, a managed policy attached, a managed policy's default version replaced, a user
 * added to a group. Permissions such a call brought inside the window were held for part of it
 * only, so not seeing them used is no evidence they are unused. Each entry names the request
 * parameters that say what changed.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_Operations.html
 */
export interface GrantingCall {
  /** What the call changes: a principal's own policies, or a managed policy wherever it is attached. */
  target: "user" | "role" | "group" | "policy";
  /** The parameter naming the target (a name, or the policy ARN). */
  targetParameter: string;
  /**
   * The inline policy written, the managed policy attached, the group joined, or the principal's
   * permissions boundary replaced or removed (which may widen every policy it holds).
   */
  grants: "inline" | "managed" | "version" | "group" | "boundary";
  /** The parameter naming what it grants; absent when the target is the policy itself. */
  grantParameter?: string;
  /** A parameter that must be true for the call to change permissions (a version made default). */
  onlyWhen?: string;
}

export const GRANTING_CALLS: Readonly<Record<string, GrantingCall>> = {
  PutUserPolicy: {
    target: "user",
    targetParameter: "userName",
    grants: "inline",
    grantParameter: "policyName",
  },
  PutRolePolicy: {
    target: "role",
    targetParameter: "roleName",
    grants: "inline",
    grantParameter: "policyName",
  },
  PutGroupPolicy: {
    target: "group",
    targetParameter: "groupName",
    grants: "inline",
    grantParameter: "policyName",
  },
  AttachUserPolicy: {
    target: "user",
    targetParameter: "userName",
    grants: "managed",
    grantParameter: "policyArn",
  },
  AttachRolePolicy: {
    target: "role",
    targetParameter: "roleName",
    grants: "managed",
    grantParameter: "policyArn",
  },
  AttachGroupPolicy: {
    target: "group",
    targetParameter: "groupName",
    grants: "managed",
    grantParameter: "policyArn",
  },
  // A version not set as default changes nothing until SetDefaultPolicyVersion, itself listed.
  CreatePolicyVersion: {
    target: "policy",
    targetParameter: "policyArn",
    grants: "version",
    onlyWhen: "setAsDefault",
  },
  SetDefaultPolicyVersion: { target: "policy", targetParameter: "policyArn", grants: "version" },
  AddUserToGroup: {
    target: "user",
    targetParameter: "userName",
    grants: "group",
    grantParameter: "groupName",
  },
  // A boundary replaced by a wider one, or removed, lets more of every policy through, and what the
  // old boundary was is not known: each policy the principal holds counts as granted then.
  PutUserPermissionsBoundary: { target: "user", targetParameter: "userName", grants: "boundary" },
  DeleteUserPermissionsBoundary: { target: "user", targetParameter: "userName", grants: "boundary" },
  PutRolePermissionsBoundary: { target: "role", targetParameter: "roleName", grants: "boundary" },
  DeleteRolePermissionsBoundary: { target: "role", targetParameter: "roleName", grants: "boundary" },
};
