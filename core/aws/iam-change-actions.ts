/**
 * Every IAM call `whittle apply` and `whittle rollback` make (plan-apply.ts, plan-rollback.ts,
 * iam-writes.ts, iam-state.ts), with the resource type IAM authorizes it on. The deployed
 * remediation role is granted exactly these, on this account's resources of that type; a test keeps
 * this table in step with the SDK commands those files send and with the action catalog.
 * Resource types: https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
 */
export type ChangeResource = "policy" | "user" | "role" | "group";

export interface ChangeAction {
  action: string;
  resource: ChangeResource;
  /** Whether the call changes IAM (the rest read it, to check drift and verify). */
  write: boolean;
}

const principalActions = (type: "User" | "Role" | "Group"): ChangeAction[] => {
  const resource = type.toLowerCase() as ChangeResource;
  return [
    { action: `iam:Attach${type}Policy`, resource, write: true },
    { action: `iam:Detach${type}Policy`, resource, write: true },
    { action: `iam:Put${type}Policy`, resource, write: true },
    { action: `iam:Delete${type}Policy`, resource, write: true },
    { action: `iam:ListAttached${type}Policies`, resource, write: false },
    { action: `iam:List${type}Policies`, resource, write: false },
    { action: `iam:Get${type}Policy`, resource, write: false },
  ];
};

export const CHANGE_ACTIONS: readonly ChangeAction[] = [
  { action: "iam:CreatePolicy", resource: "policy", write: true },
  { action: "iam:CreatePolicyVersion", resource: "policy", write: true },
  { action: "iam:SetDefaultPolicyVersion", resource: "policy", write: true },
  { action: "iam:DeletePolicyVersion", resource: "policy", write: true },
  { action: "iam:DeletePolicy", resource: "policy", write: true },
  { action: "iam:GetPolicy", resource: "policy", write: false },
  { action: "iam:GetPolicyVersion", resource: "policy", write: false },
  { action: "iam:ListPolicyVersions", resource: "policy", write: false },
  { action: "iam:ListEntitiesForPolicy", resource: "policy", write: false },
  ...principalActions("User"),
  ...principalActions("Role"),
  ...principalActions("Group"),
  { action: "iam:GetUser", resource: "user", write: false },
  { action: "iam:GetRole", resource: "role", write: false },
  { action: "iam:GetGroup", resource: "group", write: false },
  { action: "iam:ListGroupsForUser", resource: "user", write: false },
];

/** The IAM write actions of apply and rollback: the only IAM writes anything Whittle deploys may hold. */
export const CHANGE_WRITE_ACTIONS: readonly string[] = CHANGE_ACTIONS.filter((a) => a.write).map(
  (a) => a.action,
);
