import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ActivityAggregator } from "../../../core/engine/activity/aggregate.js";
import { createAuthorizer } from "../../../core/engine/activity/authorize.js";
import {
  ROLE_PARAMETERS,
  type RoleParameter,
} from "../../../core/engine/activity/knowledge/authorizations/pass-role.js";
import { roleDirectory } from "../../../core/engine/activity/role-directory.js";
import type { CloudTrailEvent } from "../../../core/engine/activity/types.js";
import { catalog } from "../../helpers/catalog.js";

const ACCOUNT = "123456789012";
const ROLE = `arn:aws:iam::${ACCOUNT}:role/service-role/app`;
const PROFILE = `arn:aws:iam::${ACCOUNT}:instance-profile/web`;
const roles = roleDirectory([{ name: "app", arn: ROLE, instanceProfiles: [{ name: "web", arn: PROFILE }] }]);
const authorize = createAuthorizer(catalog, roles);
const SOURCES: Record<string, string> = { elasticmapreduce: "elasticmapreduce.amazonaws.com" };

function event(actionKey: string, requestParameters: Record<string, unknown>): CloudTrailEvent {
  const [service, name] = actionKey.split(":") as [string, string];
  return {
    eventSource: SOURCES[service] ?? `${service}.amazonaws.com`,
    eventName: name,
    eventTime: "2026-11-01T00:00:00Z",
    awsRegion: "us-east-1",
    recipientAccountId: ACCOUNT,
    userIdentity: { type: "IAMUser", arn: `arn:aws:iam::${ACCOUNT}:user/deployer`, accountId: ACCOUNT },
    requestParameters,
  };
}

function passRole(e: CloudTrailEvent) {
  const result = authorize(e);
  assert.equal(result.kind, "authorizations", JSON.stringify(result));
  if (result.kind !== "authorizations") return undefined;
  const found = result.authorizations.find((a) => a.action.key === "iam:PassRole");
  return found && { resources: found.resources, unscoped: found.unscoped };
}

/** A value of the kind the entry holds, which the directory resolves to ROLE. */
function heldValue(p: RoleParameter): unknown {
  if (p.holds === "instance-profile") return p.key === "iamInstanceProfile" ? { arn: PROFILE } : "web";
  if (p.holds === "role-setting")
    return [
      { name: "PORT", value: "1433" },
      { name: "IAM_ROLE_ARN", value: ROLE },
    ];
  return p.holds === "role-or-name" ? "app" : ROLE;
}

describe("each role-holding parameter passes its role, found at any depth", () => {
  test("the table is not empty and every entry cites AWS documentation", () => {
    assert.ok(ROLE_PARAMETERS.length >= 10);
    for (const p of ROLE_PARAMETERS) assert.match(p.source, /^https:\/\/docs\.aws\.amazon\.com\//, p.key);
  });
  for (const p of ROLE_PARAMETERS) {
    const call = p.events?.[0] ?? "codepipeline:CreatePipeline";
    test(`${p.key} (${p.holds}) in ${call}: ${p.why}`, () => {
      for (const e of p.events ?? [call]) assert.ok(catalog.action(e), e);
      const value = heldValue(p);
      assert.deepEqual(passRole(event(call, { [p.key]: value })), { resources: [ROLE], unscoped: false });
      assert.deepEqual(passRole(event(call, { outer: [{ [p.key]: value }] })), {
        resources: [ROLE],
        unscoped: false,
      });
    });
  }
});

describe("the issue's role-passing calls", () => {
  test("ec2:RunInstances with an instance profile passes the profile's role", () =>
    assert.deepEqual(passRole(event("ec2:RunInstances", { iamInstanceProfile: { name: "web" } })), {
      resources: [ROLE],
      unscoped: false,
    }));
  test("events:PutTargets passes each target's role", () =>
    assert.deepEqual(
      passRole(
        event("events:PutTargets", {
          rule: "r",
          targets: [{ id: "1", arn: "arn:aws:sqs:us-east-1:1:q", roleArn: ROLE }],
        }),
      ),
      { resources: [ROLE], unscoped: false },
    ));
  test("sagemaker:CreateModel passes its execution role", () =>
    assert.deepEqual(passRole(event("sagemaker:CreateModel", { modelName: "m", executionRoleArn: ROLE })), {
      resources: [ROLE],
      unscoped: false,
    }));
  test("an EMR cluster passes its service role by name and its nodes' instance profile", () =>
    assert.deepEqual(
      passRole(event("elasticmapreduce:RunJobFlow", { serviceRole: "app", jobFlowRole: "web" })),
      { resources: [ROLE], unscoped: false },
    ));
});

describe("calls that hand over a role in a parameter of their own", () => {
  const passes = (call: string, params: Record<string, unknown>) =>
    assert.deepEqual(passRole(event(call, params)), { resources: [ROLE], unscoped: false }, call);
  test("an EKS node group's node role", () =>
    passes("eks:CreateNodegroup", { clusterName: "c", nodegroupName: "n", nodeRole: ROLE }));
  test("a Systems Manager automation's assume role, among its document parameters", () =>
    passes("ssm:StartAutomationExecution", {
      documentName: "d",
      parameters: { AutomationAssumeRole: [ROLE] },
    }));
  test("a trail's CloudWatch Logs role, as it is created or updated", () => {
    passes("cloudtrail:CreateTrail", { name: "t", s3BucketName: "b", cloudWatchLogsRoleArn: ROLE });
    passes("cloudtrail:UpdateTrail", { name: "t", cloudWatchLogsRoleArn: ROLE });
  });
  test("a Spot Fleet's fleet role", () =>
    passes("ec2:RequestSpotFleet", { spotFleetRequestConfig: { iamFleetRole: ROLE, targetCapacity: 1 } }));
  test("an SNS topic's delivery status roles, set as an attribute or at creation", () => {
    for (const attributeName of ["HTTPFailureFeedbackRoleArn", "SQSSuccessFeedbackRoleArn"])
      passes("sns:SetTopicAttributes", {
        topicArn: "arn:aws:sns:us-east-1:1:t",
        attributeName,
        attributeValue: ROLE,
      });
    passes("sns:CreateTopic", { name: "t", attributes: { LambdaFailureFeedbackRoleArn: ROLE } });
    passes("sns:CreatePlatformApplication", { name: "a", attributes: { SuccessFeedbackRoleArn: ROLE } });
    assert.equal(
      passRole(
        event("sns:SetTopicAttributes", {
          topicArn: "t",
          attributeName: "DisplayName",
          attributeValue: "app",
        }),
      ),
      undefined,
    );
  });
  test("an instance profile associated with a running instance, or replacing its own", () => {
    const profile = (IamInstanceProfile: Record<string, string>) => ({
      AssociateIamInstanceProfileRequest: { InstanceId: "i-1", IamInstanceProfile },
    });
    passes("ec2:AssociateIamInstanceProfile", profile({ Name: "web" }));
    passes("ec2:AssociateIamInstanceProfile", profile({ Arn: PROFILE }));
    passes("ec2:ReplaceIamInstanceProfileAssociation", {
      ReplaceIamInstanceProfileAssociationRequest: {
        AssociationId: "a",
        IamInstanceProfile: { Name: "web" },
      },
    });
  });
});

describe("what is not a passed role", () => {
  test("sts:AssumeRole's roleArn is the role assumed", () =>
    assert.equal(passRole(event("sts:AssumeRole", { roleArn: ROLE, roleSessionName: "s" })), undefined));
  test("a read call naming a role passes nothing", () =>
    assert.equal(passRole(event("sagemaker:DescribeModel", { roleArn: ROLE })), undefined));
  test("a value that is not a role ARN passes nothing", () =>
    assert.equal(passRole(event("lambda:CreateFunction20150331", { role: "my-role" })), undefined));
  test("an instance profile the snapshot does not know keeps PassRole, unscoped", () =>
    assert.deepEqual(passRole(event("ec2:RunInstances", { iamInstanceProfile: { name: "other" } })), {
      resources: [],
      unscoped: true,
    }));
});

test("the aggregate records an inferred iam:PassRole on the passed role, not on denied calls", () => {
  const aggregator = new ActivityAggregator(catalog, { roles });
  aggregator.addEvent(event("ec2:RunInstances", { iamInstanceProfile: { arn: PROFILE } }));
  aggregator.addEvent({
    ...event("ec2:RunInstances", { iamInstanceProfile: { arn: PROFILE } }),
    errorCode: "Client.UnauthorizedOperation",
  });
  const actions = aggregator.result().principals[0]!.actions;
  const usage = actions.find((a) => a.action === "iam:PassRole");
  assert.deepEqual([usage?.count, usage?.denied, usage?.resources, usage?.inferred], [1, 0, [ROLE], true]);
  assert.equal(actions.find((a) => a.action === "ec2:RunInstances")?.inferred, undefined);
});
