import { type NamedPolicy, tfComment, tfHeredoc, tfString } from "./iac.js";
import { logicalId, terraformId } from "./policy-names.js";

/**
 * IAM Identity Center creates a role `AWSReservedSSO_<permission set>_<hash>` under this path in
 * every account a permission set is assigned to; the role is read-only in IAM, so a change goes to
 * the permission set. https://docs.aws.amazon.com/singlesignon/latest/userguide/using-service-linked-roles.html
 * https://docs.aws.amazon.com/singlesignon/latest/userguide/referencingpermissionsets.html
 */
const SSO_PATH = /^\/aws-reserved\/sso\.amazonaws\.com\/([\w-]+\/)?$/;
const SSO_ROLE = /^AWSReservedSSO_(.+)_[0-9a-f]{16}$/;

/** The permission set an Identity Center role stands for, or undefined for any other role. */
export function permissionSetOf(role: { path: string; name: string }): string | undefined {
  return SSO_PATH.test(role.path) ? SSO_ROLE.exec(role.name)?.[1] : undefined;
}

/**
 * A permission set holds one inline policy of up to 32,768 characters
 * (https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_PutInlinePolicyToPermissionSet.html),
 * written compact, so the split limit leaves room for the characters IAM's count would skip.
 */
export const PERMISSION_SET_POLICY_SIZE = 30_000;

/**
 * A permission set's policy applies in every account the set is assigned to, while a proof replays
 * the calls its role made in one account: written at the head of every change to a set, so that
 * nobody applies it believing the other accounts' use was checked.
 */
export function permissionSetScope(permissionSet: string, roleArn: string): string {
  const account = roleArn.split(":")[4] || "unknown";
  return (
    `Permission set ${permissionSet} applies in every account it is assigned to, but this change was ` +
    `proven only against the calls its role made in account ${account}. \`whittle audit --org\` proves ` +
    "one policy for every account holding the set's role (org-report.json, permissionSets): apply that one."
  );
}

/**
 * The permission set's inline policy, found by name in the organization's Identity Center instance,
 * under `scope`: what the change was proven against (permissionSetScope for one account's audit).
 * A permission set has one inline policy: a set that needs more is not recommended (the caller).
 * The policy replaces everything the set grants today, `managed` (the ARNs of the managed policies
 * its role holds) too: they are separate Terraform resources, and kept beside the new inline policy
 * they would go on granting what it removes, no longer held back by Denies of the inline policy
 * it overwrites.
 */
export function permissionSetTerraform(
  permissionSet: string,
  scope: string,
  p: NamedPolicy,
  managed: readonly string[] = [],
): string {
  const id = terraformId(p.name);
  return [
    tfComment(scope),
    ...managed.map((arn) => tfComment(`Remove the ${attachmentResource(arn)} of ${arn}.`)),
    `data "aws_ssoadmin_instances" "${id}" {}`,
    "",
    `data "aws_ssoadmin_permission_set" "${id}" {`,
    `  instance_arn = tolist(data.aws_ssoadmin_instances.${id}.arns)[0]`,
    `  name         = ${tfString(permissionSet)}`,
    "}",
    "",
    `resource "aws_ssoadmin_permission_set_inline_policy" "${id}" {`,
    `  instance_arn       = data.aws_ssoadmin_permission_set.${id}.instance_arn`,
    `  permission_set_arn = data.aws_ssoadmin_permission_set.${id}.arn`,
    `  inline_policy      = ${tfHeredoc(JSON.stringify(JSON.stringify(p.document)))}`,
    "}",
  ].join("\n");
}

/** AWS managed policies and the account's own attach to a permission set through different resources. */
function attachmentResource(arn: string): string {
  return arn.split(":")[4] === "aws"
    ? "aws_ssoadmin_managed_policy_attachment"
    : "aws_ssoadmin_customer_managed_policy_attachment";
}

/** `AWS::SSO::PermissionSet` with the policy as its InlinePolicy; the instance ARN is a parameter. */
export function permissionSetCloudFormation(permissionSet: string, scope: string, p: NamedPolicy): string {
  const resources = {
    [logicalId(p.name)]: {
      Type: "AWS::SSO::PermissionSet",
      Properties: {
        InstanceArn: { Ref: "IdentityCenterInstanceArn" },
        Name: permissionSet,
        InlinePolicy: p.document,
      },
    },
  };
  return JSON.stringify(
    {
      Description: scope,
      Parameters: {
        IdentityCenterInstanceArn: { Type: "String", Description: "ARN of the IAM Identity Center instance" },
      },
      Resources: resources,
    },
    null,
    2,
  );
}
