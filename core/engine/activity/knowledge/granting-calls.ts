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
   * The managed policy attached or the group joined, which only add; or a change that may widen
   * every policy the principal holds, since what was there before is unknown: an inline policy
   * written (it may rewrite one and drop its Deny), a new default version, a policy deleted or
   * detached, a group left, the permissions boundary or the tags changed. Or a rename, which
   * grants nothing itself: the changes filed under the old name are the renamed entity's.
   */
  grants: "inline" | "managed" | "version" | "group" | "widens" | "rename";
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
  // What these took away may have been a Deny, a boundary or a tag a condition read: the rest of
  // the principal's policies may allow more since, and what they allowed before is not known.
  PutUserPermissionsBoundary: { target: "user", targetParameter: "userName", grants: "widens" },
  DeleteUserPermissionsBoundary: { target: "user", targetParameter: "userName", grants: "widens" },
  PutRolePermissionsBoundary: { target: "role", targetParameter: "roleName", grants: "widens" },
  DeleteRolePermissionsBoundary: { target: "role", targetParameter: "roleName", grants: "widens" },
  DeleteUserPolicy: { target: "user", targetParameter: "userName", grants: "widens" },
  DeleteRolePolicy: { target: "role", targetParameter: "roleName", grants: "widens" },
  DeleteGroupPolicy: { target: "group", targetParameter: "groupName", grants: "widens" },
  DetachUserPolicy: { target: "user", targetParameter: "userName", grants: "widens" },
  DetachRolePolicy: { target: "role", targetParameter: "roleName", grants: "widens" },
  DetachGroupPolicy: { target: "group", targetParameter: "groupName", grants: "widens" },
  RemoveUserFromGroup: { target: "user", targetParameter: "userName", grants: "widens" },
  TagUser: { target: "user", targetParameter: "userName", grants: "widens" },
  UntagUser: { target: "user", targetParameter: "userName", grants: "widens" },
  TagRole: { target: "role", targetParameter: "roleName", grants: "widens" },
  UntagRole: { target: "role", targetParameter: "roleName", grants: "widens" },
  // UpdateUser and UpdateGroup keep the entity, its policies and its groups under a new name: a
  // policy attached under the old name is still held, and was granted when the trail shows it.
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateUser.html
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateGroup.html
  UpdateUser: {
    target: "user",
    targetParameter: "userName",
    grants: "rename",
    grantParameter: "newUserName",
  },
  UpdateGroup: {
    target: "group",
    targetParameter: "groupName",
    grants: "rename",
    grantParameter: "newGroupName",
  },
};
