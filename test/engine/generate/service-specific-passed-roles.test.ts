import assert from "node:assert/strict";
import { test } from "node:test";
import type { ActivityItem } from "../../../core/engine/activity/types.js";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { holderDecision } from "../../helpers/holder-decision.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// A deployer of training jobs, Bedrock agents, AgentCore memories and SageMaker Studio users: each
// call hands the service a role under a name of its own, and passing it needs iam:PassRole on it
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html). With unobservable
// actions dropped, iam:PassRole is kept on the roles the calls were seen passing: a role passed
// under a name the scan does not read must be among them, or the next update is refused.
const passed = (name: string) => `arn:aws:iam::${ACCOUNT}:role/service-role/${name}`;
const TRAINING = passed("train");
const AGENT = passed("AmazonBedrockExecutionRoleForAgents_support");
const MEMORY = passed("agentcore-memory");
const STUDIO = passed("AmazonSageMaker-ExecutionRole-studio");
const NODES = passed("hyperpod-nodes");

const deployer = role("deployer", {
  ...ownPolicy([
    {
      Effect: "Allow",
      Action: [
        "sagemaker:CreateTrainingJob",
        "sagemaker:CreateUserProfile",
        "sagemaker:CreateCluster",
        "bedrock:UpdateAgent",
        "bedrock-agentcore:CreateMemory",
      ],
      Resource: "*",
    },
    { Effect: "Allow", Action: "iam:PassRole", Resource: `arn:aws:iam::${ACCOUNT}:role/service-role/*` },
  ]),
});

const call = (source: string, eventName: string, requestParameters: object): ActivityItem =>
  eventItem({
    eventSource: `${source}.amazonaws.com`,
    eventName,
    eventCategory: "Management",
    readOnly: false,
    userIdentity: roleSession(deployer.arn, "deployer"),
    requestParameters,
  } as never);

const items = [
  call("sagemaker", "CreateTrainingJob", { trainingJobName: "t1", roleArn: TRAINING }),
  // https://docs.aws.amazon.com/bedrock/latest/APIReference/API_agent_UpdateAgent.html (agentResourceRoleArn)
  call("bedrock", "UpdateAgent", {
    agentId: "ABCDEFGHIJ",
    agentName: "support",
    agentResourceRoleArn: AGENT,
    foundationModel: "anthropic.claude-3-haiku-20240307-v1:0",
  }),
  // https://docs.aws.amazon.com/bedrock-agentcore-control/latest/APIReference/API_CreateMemory.html
  call("bedrock-agentcore", "CreateMemory", {
    name: "support_memory",
    eventExpiryDuration: 30,
    memoryExecutionRoleArn: MEMORY,
  }),
  // https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateUserProfile.html (UserSettings.ExecutionRole)
  call("sagemaker", "CreateUserProfile", {
    domainId: "d-abc",
    userProfileName: "alice",
    userSettings: { executionRole: STUDIO },
  }),
  // https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateCluster.html (InstanceGroups[].ExecutionRole)
  call("sagemaker", "CreateCluster", {
    clusterName: "hp",
    instanceGroups: [{ instanceGroupName: "workers", instanceType: "ml.p5.48xlarge", executionRole: NODES }],
  }),
];

test("roles passed under a service's own parameter names keep iam:PassRole on them", async () => {
  const report = await auditOf(snapshotWith({ roles: [deployer] }), items, {
    generate: { unobservable: "drop" },
  });
  const rec = report.recommendations.find((r) => r.principalArn === deployer.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  const documents = rec!.policies.map((p) => p.document);
  const text = JSON.stringify(documents);
  for (const role of [TRAINING, AGENT, MEMORY, STUDIO, NODES])
    assert.equal(
      holderDecision(documents, { action: "iam:PassRole", resource: role }),
      "Allow",
      `${role}: ${text}`,
    );
  // Still no role the calls did not pass.
  assert.equal(
    holderDecision(documents, { action: "iam:PassRole", resource: passed("other") }),
    "ImplicitDeny",
    text,
  );
});
