/**
 * Calls the Service Authorization Reference lists iam:PassRole as a dependent action of (see
 * DEPENDENT_ACTIONS) whose request has no parameter naming a role: the role passed is held by
 * what the call names (a launch template, a device fleet, a hypervisor) or picked by the service.
 * Their records cannot say which role, or whether any, so the pass-role scan does not decide
 * iam:PassRole for them: it stays as granted today wherever the call is kept.
 */
export interface UnnamedPassedRole {
  /** `service:Action`, as the catalog spells it. */
  action: string;
  /** Where the role passed is held. */
  holder: string;
  source: string;
}

const SAR = (page: string) =>
  `https://docs.aws.amazon.com/service-authorization/latest/reference/list_${page}.html`;

export const UNNAMED_PASSED_ROLES: readonly UnnamedPassedRole[] = [
  {
    action: "ec2:EnableFastLaunch",
    holder: "the instance profile of the launch template the pre-provisioning instances start from",
    source: SAR("amazonec2"),
  },
  {
    action: "drs:StartRecovery",
    holder: "the instance profile of the source servers' launch configuration",
    source: SAR("awselasticdisasterrecovery"),
  },
  {
    action: "mgn:StartTest",
    holder: "the instance profile of the source servers' launch configuration",
    source: SAR("awsapplicationmigrationservice"),
  },
  {
    action: "mgn:StartCutover",
    holder: "the instance profile of the source servers' launch configuration",
    source: SAR("awsapplicationmigrationservice"),
  },
  {
    action: "sagemaker:CreateEdgeDeploymentPlan",
    holder: "the role of the device fleet the plan deploys to",
    source: SAR("amazonsagemaker"),
  },
  {
    action: "sagemaker:CreateEdgeDeploymentStage",
    holder: "the role of the device fleet the plan deploys to",
    source: SAR("amazonsagemaker"),
  },
  {
    action: "mediastore:StartAccessLogging",
    holder: "the role MediaStore writes a container's access logs with",
    source: SAR("awselementalmediastore"),
  },
  {
    action: "dms:CreateReplicationInstance",
    holder: "the role DMS manages the instance's network with",
    source: SAR("awsdatabasemigrationservice"),
  },
  {
    action: "backup-gateway:StartVirtualMachinesMetadataSync",
    holder: "the role the hypervisor's property mappings hold",
    source: SAR("awsbackupgateway"),
  },
  {
    action: "config:PutServiceLinkedConfigurationRecorder",
    holder: "the service-linked role of the recorder",
    source: SAR("awsconfig"),
  },
  {
    action: "config:PutConformancePack",
    holder: "the remediation roles of the template, which the record holds as a location or text",
    source: SAR("awsconfig"),
  },
  {
    action: "config:PutOrganizationConformancePack",
    holder: "the remediation roles of the template, which the record holds as a location or text",
    source: SAR("awsconfig"),
  },
  {
    action: "config:PutOrganizationConfigRule",
    holder: "the role Config evaluates the rule with in the organization's accounts",
    source: SAR("awsconfig"),
  },
  {
    action: "rolesanywhere:EnableProfile",
    holder: "the roles of the profile enabled",
    source: SAR("awsidentityandaccessmanagementrolesanywhere"),
  },
];
