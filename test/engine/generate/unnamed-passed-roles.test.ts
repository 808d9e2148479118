import assert from "node:assert/strict";
import { test } from "node:test";
import { auditOf } from "../../helpers/audit-fixture.js";
import { holderDecision } from "../../helpers/holder-decision.js";
import { provenDocuments, roleWrite } from "../../helpers/role-write.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// Calls the Service Authorization Reference lists iam:PassRole as a dependent action of, whose
// request names no role: the role passed is one a resource set up earlier holds (a launch
// template's or launch configuration's instance profile, a device fleet's role, a hypervisor's
// role, the roles of a Roles Anywhere profile...). Each principal's next call passes it again, so
// iam:PassRole stays as granted today, also when unobservable actions are dropped.
const PASSED = `arn:aws:iam::${ACCOUNT}:role/passed-by-the-service`;

const CALLS: readonly { action: string; source: string; params: Record<string, unknown> }[] = [
  // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EnableFastLaunch.html
  {
    action: "ec2:EnableFastLaunch",
    source: "ec2",
    params: {
      EnableFastLaunchRequest: {
        ImageId: "ami-0123456789abcdef0",
        ResourceType: "snapshot",
        LaunchTemplate: { LaunchTemplateId: "lt-0123456789abcdef0", Version: "1" },
        MaxParallelLaunches: 6,
      },
    },
  },
  // https://docs.aws.amazon.com/drs/latest/APIReference/API_StartRecovery.html
  {
    action: "drs:StartRecovery",
    source: "drs",
    params: { sourceServers: [{ sourceServerID: "s-1234567890abcdef0" }], isDrill: true },
  },
  // https://docs.aws.amazon.com/mgn/latest/APIReference/API_StartTest.html
  { action: "mgn:StartTest", source: "mgn", params: { sourceServerIDs: ["s-1234567890abcdef0"] } },
  // https://docs.aws.amazon.com/mgn/latest/APIReference/API_StartCutover.html
  { action: "mgn:StartCutover", source: "mgn", params: { sourceServerIDs: ["s-1234567890abcdef0"] } },
  // https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateEdgeDeploymentPlan.html
  {
    action: "sagemaker:CreateEdgeDeploymentPlan",
    source: "sagemaker",
    params: {
      edgeDeploymentPlanName: "cameras",
      deviceFleetName: "cameras",
      modelConfigs: [{ modelHandle: "detector", edgePackagingJobName: "detector-7" }],
    },
  },
  // https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateEdgeDeploymentStage.html
  {
    action: "sagemaker:CreateEdgeDeploymentStage",
    source: "sagemaker",
    params: { edgeDeploymentPlanName: "cameras", stages: [{ stageName: "canary" }] },
  },
  // https://docs.aws.amazon.com/mediastore/latest/apireference/API_StartAccessLogging.html
  { action: "mediastore:StartAccessLogging", source: "mediastore", params: { containerName: "live" } },
  // https://docs.aws.amazon.com/dms/latest/APIReference/API_CreateReplicationInstance.html
  {
    action: "dms:CreateReplicationInstance",
    source: "dms",
    params: { replicationInstanceIdentifier: "orders", replicationInstanceClass: "dms.t3.medium" },
  },
  // https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BGW_StartVirtualMachinesMetadataSync.html
  {
    action: "backup-gateway:StartVirtualMachinesMetadataSync",
    source: "backup-gateway",
    params: { hypervisorArn: `arn:aws:backup-gateway:us-east-1:${ACCOUNT}:hypervisor/hype-12345678` },
  },
  // https://docs.aws.amazon.com/config/latest/APIReference/API_PutServiceLinkedConfigurationRecorder.html
  {
    action: "config:PutServiceLinkedConfigurationRecorder",
    source: "config",
    params: { servicePrincipal: "securityhub.amazonaws.com" },
  },
  // https://docs.aws.amazon.com/config/latest/APIReference/API_PutConformancePack.html
  {
    action: "config:PutConformancePack",
    source: "config",
    params: { conformancePackName: "baseline", templateS3Uri: "s3://packs/baseline.yaml" },
  },
  // https://docs.aws.amazon.com/config/latest/APIReference/API_PutOrganizationConformancePack.html
  {
    action: "config:PutOrganizationConformancePack",
    source: "config",
    params: { organizationConformancePackName: "baseline", templateS3Uri: "s3://packs/baseline.yaml" },
  },
  // https://docs.aws.amazon.com/config/latest/APIReference/API_PutOrganizationConfigRule.html
  {
    action: "config:PutOrganizationConfigRule",
    source: "config",
    params: {
      organizationConfigRuleName: "encrypted-volumes",
      organizationManagedRuleMetadata: { ruleIdentifier: "ENCRYPTED_VOLUMES" },
    },
  },
  // https://docs.aws.amazon.com/rolesanywhere/latest/userguide/API_EnableProfile.html
  {
    action: "rolesanywhere:EnableProfile",
    source: "rolesanywhere",
    params: { profileId: "6b5f1b2c-1c0e-4f7e-9d3e-0a1b2c3d4e5f" },
  },
];

for (const { action, source, params } of CALLS)
  for (const unobservable of ["keep", "drop"])
    test(`${action}, whose record names no role, keeps iam:PassRole as granted today (unobservable: ${unobservable})`, async () => {
      const caller = role("caller", {
        ...ownPolicy([
          { Effect: "Allow", Action: action, Resource: "*" },
          { Effect: "Allow", Action: "iam:PassRole", Resource: PASSED },
        ]),
      });
      const call = roleWrite(caller.arn, action, params, source);
      const report = await auditOf(snapshotWith({ roles: [caller] }), [call], { generate: { unobservable } });
      const documents = provenDocuments(report, caller.arn);
      assert.equal(holderDecision(documents, { action, resource: "*" }), "Allow", "the call itself");
      assert.equal(
        holderDecision(documents, { action: "iam:PassRole", resource: PASSED }),
        "Allow",
        JSON.stringify(documents),
      );
    });
