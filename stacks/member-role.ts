import { collectorStatements } from "./permissions.js";
import type { DeploymentSettings } from "./settings.js";

/** What the member role's permissions depend on: the same settings the stack reads. */
export type MemberRoleSettings = Pick<
  DeploymentSettings,
  "activity" | "trailBucket" | "memberRoleName" | "lookupRegions"
>;

/** A string with `${…}` placeholders becomes Fn::Sub, so the template works in every account and partition. */
const sub = (value: string) => (value.includes("${") ? { "Fn::Sub": value } : value);

/**
 * The read-only role org mode assumes in each member account, as a CloudFormation template for a
 * StackSet. Its permissions are the auditor's own collector statements (stacks/permissions.ts), so
 * the two cannot drift apart; its trust admits the auditor account's principals only from inside
 * the organization (aws:PrincipalOrgID), which the auditor's AssumeRole grant requires too.
 */
export function memberRoleTemplate(settings: MemberRoleSettings) {
  const own = {
    account: "${AWS::AccountId}",
    partition: "${AWS::Partition}",
    bucketArn: "",
    tableArn: "",
  };
  const statements = collectorStatements(settings as DeploymentSettings, own).map((s) => {
    const json = s.toStatementJson() as { Resource: string | string[] };
    const resources = Array.isArray(json.Resource) ? json.Resource : [json.Resource];
    return { ...json, Resource: resources.map(sub) };
  });
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description:
      "Whittle's read-only audit role for a member account (deploy to every account with a StackSet).",
    Parameters: {
      AuditorAccountId: {
        Type: "String",
        AllowedPattern: "^\\d{12}$",
        Description: "The account Whittle is deployed in (management or delegated administrator).",
      },
      OrganizationId: {
        Type: "String",
        AllowedPattern: "^o-[a-z0-9]{10,32}$",
        Description: "The organization's id: only principals inside it may assume the role.",
      },
    },
    Resources: {
      AuditRole: {
        Type: "AWS::IAM::Role",
        Properties: {
          RoleName: settings.memberRoleName,
          Description: "Read-only IAM and activity access for Whittle's organization audits",
          MaxSessionDuration: 3600,
          AssumeRolePolicyDocument: {
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Principal: { AWS: { "Fn::Sub": "arn:${AWS::Partition}:iam::${AuditorAccountId}:root" } },
                Action: "sts:AssumeRole",
                Condition: { StringEquals: { "aws:PrincipalOrgID": { Ref: "OrganizationId" } } },
              },
            ],
          },
          Policies: [
            {
              PolicyName: "WhittleReadOnly",
              PolicyDocument: { Version: "2012-10-17", Statement: statements },
            },
          ],
        },
      },
    },
    Outputs: { RoleArn: { Value: { "Fn::GetAtt": ["AuditRole", "Arn"] } } },
  };
}
