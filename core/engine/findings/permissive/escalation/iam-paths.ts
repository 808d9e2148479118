import {
  assumablePolicy,
  attachedPolicy,
  create,
  createJoined,
  grantTo,
  identityPool,
  oidcProvider,
  ownBoundary,
  ownPolicy,
  ownTags,
  samlProvider,
  takeOver,
  takeOverVia,
  unbound,
} from "./requirements.js";
import type { EscalationPath } from "./types.js";

/**
 * Escalation through IAM itself. The combinations come from Rhino Security Labs' "AWS IAM Privilege
 * Escalation – Methods and Mitigations" (methods 1-14) and DataDog's pathfinding.cloud catalog
 * (ids iam-001…iam-021, Apache-2.0), restated here as our own typed data, plus `whittle-…` paths
 * out of a permissions boundary: deleting it "might increase its permissions by allowing the user
 * to perform all the actions granted in its permissions policies"
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUserPermissionsBoundary.html), and
 * putting another (any managed policy, AdministratorAccess included) does the same, for the caller's
 * own boundary or for that of a role it can assume or a user whose access key it can create; and through a
 * user or role the caller creates, grants and then uses (a role's trust policy is set at creation,
 * and one naming the caller needs no sts:AssumeRole of it), or a group it creates, grants and joins; through a more privileged group joined
 * by a user the caller creates, or can create an access key or set a console password for (a role
 * cannot join a group itself);
 * and through a user's own tags, which
 * attribute-based policies test and iam:TagUser (a role's, iam:TagRole) on itself lets it choose
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/tutorial_attribute-based-access-control.html).
 */
export const IAM_PATHS: readonly EscalationPath[] = [
  {
    id: "iam-001",
    name: "new default version of an own policy",
    rhino: 1,
    requires: [ownPolicy("iam:CreatePolicyVersion")],
  },
  {
    id: "whittle-policy-version-rollback",
    name: "switch an own policy to another version",
    rhino: 2,
    requires: [ownPolicy("iam:SetDefaultPolicyVersion")],
  },
  {
    id: "iam-002",
    name: "access key for a more privileged user",
    rhino: 4,
    requires: [takeOver("iam:CreateAccessKey", "user")],
  },
  {
    id: "iam-003",
    name: "replace an access key of a more privileged user",
    requires: [takeOver("iam:CreateAccessKey", "user"), takeOver("iam:DeleteAccessKey", "user")],
  },
  {
    id: "iam-004",
    name: "console password for a more privileged user",
    rhino: 5,
    requires: [takeOver("iam:CreateLoginProfile", "user")],
  },
  {
    id: "iam-005",
    name: "inline policy on a role",
    rhino: 12,
    requires: [grantTo("iam:PutRolePolicy", "role")],
  },
  {
    id: "iam-006",
    name: "reset the console password of a more privileged user",
    rhino: 6,
    requires: [takeOver("iam:UpdateLoginProfile", "user")],
  },
  {
    id: "iam-007",
    name: "inline policy on a user",
    rhino: 10,
    requires: [grantTo("iam:PutUserPolicy", "user")],
  },
  {
    id: "iam-008",
    name: "attach a managed policy to a user",
    rhino: 7,
    requires: [grantTo("iam:AttachUserPolicy", "user")],
  },
  {
    id: "iam-009",
    name: "attach a managed policy to a role",
    rhino: 9,
    requires: [grantTo("iam:AttachRolePolicy", "role")],
  },
  {
    id: "iam-010",
    name: "attach a managed policy to a group",
    rhino: 8,
    requires: [grantTo("iam:AttachGroupPolicy", "group")],
  },
  {
    id: "iam-011",
    name: "inline policy on a group",
    rhino: 11,
    requires: [grantTo("iam:PutGroupPolicy", "group")],
  },
  {
    id: "iam-012",
    name: "rewrite the trust policy of a more privileged role",
    rhino: 14,
    requires: [takeOver("iam:UpdateAssumeRolePolicy", "role")],
  },
  {
    id: "iam-013",
    name: "join a more privileged group",
    rhino: 13,
    takenBy: ["user", "group"],
    requires: [takeOver("iam:AddUserToGroup", "group")],
  },
  {
    id: "whittle-group-new-user",
    name: "create a user, add it to a more privileged group, and create its access key",
    requires: [
      create("iam:CreateUser"),
      takeOverVia("iam:AddUserToGroup", "group", "key"),
      create("iam:CreateAccessKey"),
    ],
  },
  {
    id: "whittle-group-user-access-key",
    name: "add a user to a more privileged group and create its access key",
    requires: [takeOverVia("iam:AddUserToGroup", "group", "key"), grantTo("iam:CreateAccessKey", "user")],
  },
  {
    id: "whittle-group-new-user-login-profile",
    name: "create a user, add it to a more privileged group, and give it a console password",
    requires: [
      create("iam:CreateUser"),
      takeOverVia("iam:AddUserToGroup", "group", "console"),
      create("iam:CreateLoginProfile"),
    ],
  },
  {
    id: "whittle-group-user-login-profile",
    name: "add a user to a more privileged group and give it a console password",
    requires: [
      takeOverVia("iam:AddUserToGroup", "group", "console"),
      grantTo("iam:CreateLoginProfile", "user"),
    ],
  },
  {
    id: "whittle-group-user-login-profile-reset",
    name: "add a user to a more privileged group and reset its console password",
    requires: [
      takeOverVia("iam:AddUserToGroup", "group", "console"),
      grantTo("iam:UpdateLoginProfile", "user"),
    ],
  },
  {
    id: "iam-014",
    name: "attach a policy to a role, then assume it",
    requires: [grantTo("iam:AttachRolePolicy", "role"), takeOver("sts:AssumeRole", "role")],
  },
  {
    id: "iam-015",
    name: "attach a policy to a user, then create its access key",
    requires: [grantTo("iam:AttachUserPolicy", "user"), grantTo("iam:CreateAccessKey", "user")],
  },
  {
    id: "iam-016",
    name: "new version of a role's policy, then assume the role",
    // Assuming the role is part of the target: a trust policy naming the caller needs no sts:AssumeRole.
    requires: [assumablePolicy("iam:CreatePolicyVersion")],
  },
  {
    id: "whittle-assumable-policy-version-rollback",
    name: "switch a role's policy to another version, then assume the role",
    // A non-default version the snapshot does not hold may grant anything, as for the caller's own.
    requires: [assumablePolicy("iam:SetDefaultPolicyVersion")],
  },
  // A version "becomes the version that is in effect for the IAM users, groups, and roles that the
  // policy is attached to": granting them anything, as attaching a policy to them would.
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicyVersion.html
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_SetDefaultPolicyVersion.html
  {
    id: "whittle-attached-policy-version",
    name: "new default version of a policy attached to another principal",
    requires: [attachedPolicy("iam:CreatePolicyVersion")],
  },
  {
    id: "whittle-attached-policy-rollback",
    name: "switch a policy attached to another principal to another version",
    requires: [attachedPolicy("iam:SetDefaultPolicyVersion")],
  },
  {
    id: "iam-017",
    name: "inline policy on a role, then assume it",
    requires: [grantTo("iam:PutRolePolicy", "role"), takeOver("sts:AssumeRole", "role")],
  },
  {
    id: "iam-018",
    name: "inline policy on a user, then create its access key",
    requires: [grantTo("iam:PutUserPolicy", "user"), grantTo("iam:CreateAccessKey", "user")],
  },
  {
    id: "iam-019",
    name: "attach a policy to a role and trust yourself",
    requires: [grantTo("iam:AttachRolePolicy", "role"), takeOver("iam:UpdateAssumeRolePolicy", "role")],
  },
  {
    id: "iam-020",
    name: "new policy version and trust yourself",
    requires: [ownPolicy("iam:CreatePolicyVersion"), takeOver("iam:UpdateAssumeRolePolicy", "role")],
  },
  {
    id: "iam-021",
    name: "inline policy on a role and trust yourself",
    requires: [grantTo("iam:PutRolePolicy", "role"), takeOver("iam:UpdateAssumeRolePolicy", "role")],
  },
  {
    id: "whittle-saml-provider-metadata",
    name: "rewrite the metadata of a SAML provider a more privileged role trusts",
    // The caller's own IdP then signs the assertions AssumeRoleWithSAML takes for the role.
    requires: [samlProvider("iam:UpdateSAMLProvider")],
  },
  {
    id: "whittle-oidc-provider-client-id",
    name: "add a client of your own to an OIDC provider a more privileged role trusts",
    // Tokens the IdP issues to the caller's client then reach AssumeRoleWithWebIdentity for the role.
    requires: [oidcProvider("iam:AddClientIDToOpenIDConnectProvider")],
  },
  {
    id: "whittle-cognito-identity-pool-update",
    name: "open an identity pool a more privileged role trusts to identities of your own",
    // Its basic flow then gives the caller tokens AssumeRoleWithWebIdentity takes for the role.
    requires: [identityPool("cognito-identity:UpdateIdentityPool")],
  },
  {
    id: "whittle-delete-own-user-boundary",
    name: "delete the user's own permissions boundary",
    requires: [ownBoundary("iam:DeleteUserPermissionsBoundary", "user")],
  },
  {
    id: "whittle-replace-own-user-boundary",
    name: "replace the user's own permissions boundary",
    requires: [ownBoundary("iam:PutUserPermissionsBoundary", "user")],
  },
  {
    id: "whittle-delete-own-role-boundary",
    name: "delete the role's own permissions boundary",
    requires: [ownBoundary("iam:DeleteRolePermissionsBoundary", "role")],
  },
  {
    id: "whittle-replace-own-role-boundary",
    name: "replace the role's own permissions boundary",
    requires: [ownBoundary("iam:PutRolePermissionsBoundary", "role")],
  },
  {
    id: "whittle-tag-self",
    name: "tag the user itself to meet the tag conditions of its own policies",
    requires: [ownTags("iam:TagUser", "user")],
  },
  {
    id: "whittle-tag-self-role",
    name: "tag the role itself to meet the tag conditions of its own policies",
    requires: [ownTags("iam:TagRole", "role")],
  },
  {
    id: "whittle-delete-assumable-role-boundary",
    name: "delete the permissions boundary of a role the caller can assume",
    requires: [unbound("iam:DeleteRolePermissionsBoundary", "role")],
  },
  {
    id: "whittle-replace-assumable-role-boundary",
    name: "replace the permissions boundary of a role the caller can assume",
    requires: [unbound("iam:PutRolePermissionsBoundary", "role")],
  },
  {
    id: "whittle-delete-user-boundary-access-key",
    name: "delete another user's permissions boundary and create its access key",
    requires: [unbound("iam:DeleteUserPermissionsBoundary", "user"), unbound("iam:CreateAccessKey", "user")],
  },
  {
    id: "whittle-replace-user-boundary-access-key",
    name: "replace another user's permissions boundary and create its access key",
    requires: [unbound("iam:PutUserPermissionsBoundary", "user"), unbound("iam:CreateAccessKey", "user")],
  },
  {
    id: "whittle-new-user-managed-policy",
    name: "create a user, attach a policy to it, and create its access key",
    requires: [create("iam:CreateUser"), create("iam:AttachUserPolicy"), create("iam:CreateAccessKey")],
  },
  {
    id: "whittle-new-user-inline-policy",
    name: "create a user, put an inline policy on it, and create its access key",
    requires: [create("iam:CreateUser"), create("iam:PutUserPolicy"), create("iam:CreateAccessKey")],
  },
  // A console password is as good a way in as an access key: the new user signs in with what it was granted.
  {
    id: "whittle-new-user-managed-policy-login-profile",
    name: "create a user, attach a policy to it, and give it a console password",
    requires: [create("iam:CreateUser"), create("iam:AttachUserPolicy"), create("iam:CreateLoginProfile")],
  },
  {
    id: "whittle-new-user-inline-policy-login-profile",
    name: "create a user, put an inline policy on it, and give it a console password",
    requires: [create("iam:CreateUser"), create("iam:PutUserPolicy"), create("iam:CreateLoginProfile")],
  },
  // A user may also create a group, grant it anything and join it: the group's policies are its
  // own from then on, within its permissions boundary.
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateGroup.html
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddUserToGroup.html
  {
    id: "whittle-new-group-managed-policy",
    name: "create a group, attach a policy to it, and join it",
    takenBy: ["user", "group"],
    requires: [
      create("iam:CreateGroup"),
      createJoined("iam:AttachGroupPolicy"),
      create("iam:AddUserToGroup"),
    ],
  },
  {
    id: "whittle-new-group-inline-policy",
    name: "create a group, put an inline policy on it, and join it",
    takenBy: ["user", "group"],
    requires: [create("iam:CreateGroup"), createJoined("iam:PutGroupPolicy"), create("iam:AddUserToGroup")],
  },
  {
    id: "whittle-new-role-managed-policy",
    name: "create a role that trusts the caller and attach a policy to it",
    requires: [create("iam:CreateRole"), create("iam:AttachRolePolicy")],
  },
  {
    id: "whittle-new-role-inline-policy",
    name: "create a role that trusts the caller and put an inline policy on it",
    requires: [create("iam:CreateRole"), create("iam:PutRolePolicy")],
  },
];
