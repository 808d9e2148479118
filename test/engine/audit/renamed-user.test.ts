import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Report } from "../../../core/engine/report/schema.js";
import { auditOf, eventItem } from "../../helpers/audit-fixture.js";
import { managed } from "../../helpers/plan-fixture.js";
import { ACCOUNT, group, snapshotWith, user } from "../../helpers/snapshot-fixture.js";

// UpdateUser renames a user (or moves it to another path) and keeps its unique id: its records
// before the change name the old ARN, and CloudTrail's principalId is that unique id.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateUser.html
const ci = user("ci-deployer", {
  id: "AIDACIDEPLOYER000001",
  inlinePolicies: [
    {
      name: "own",
      document: {
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: ["ec2:DescribeInstances", "ec2:RebootInstances"], Resource: "*" },
        ],
      },
    },
  ],
});

const callAs = (name: string, eventName: string, eventTime: string) =>
  eventItem({
    eventSource: "ec2.amazonaws.com",
    eventName,
    eventTime,
    userIdentity: {
      type: "IAMUser",
      principalId: ci.id,
      arn: `arn:aws:iam::${ACCOUNT}:user/${name}`,
      accountId: ACCOUNT,
      userName: name,
      accessKeyId: "AKIACIDEPLOYER000001",
    },
  });

const unusedActions = (report: Report) =>
  report.findings
    .filter((f) => f.principalArn === ci.arn && f.kind === "unused-action")
    .flatMap((f) => f.actions ?? []);

test("a user renamed inside the window keeps the calls it made under its old name", async () => {
  // Rebooted weekly as `deployer` until renamed on May 10, then only describing as `ci-deployer`.
  const report = await auditOf(snapshotWith({ users: [ci] }), [
    callAs("deployer", "RebootInstances", "2026-04-01T10:00:00Z"),
    callAs("deployer", "RebootInstances", "2026-05-08T10:00:00Z"),
    callAs("ci-deployer", "DescribeInstances", "2026-05-20T10:00:00Z"),
  ]);
  assert.deepEqual(unusedActions(report), [], "RebootInstances was used in the window");
  const actions = JSON.stringify(report.recommendations.find((r) => r.principalArn === ci.arn) ?? {});
  assert.match(actions, /ec2:RebootInstances/, "a policy without RebootInstances would refuse the next run");
});

describe("a user or group renamed after a policy was given to it under its old name", () => {
  const allow = (Action: string[]) => ({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action, Resource: "*" }],
  });
  const rebooter = managed("rebooter", allow(["ec2:RebootInstances"]));
  const admin = { type: "IAMUser", arn: `arn:aws:iam::${ACCOUNT}:user/admin`, accountId: ACCOUNT };
  const iamCall = (eventName: string, eventTime: string, requestParameters: Record<string, unknown>) =>
    eventItem({
      eventSource: "iam.amazonaws.com",
      eventName,
      eventTime,
      userIdentity: admin,
      requestParameters,
    });
  const describing = callAs("ci-deployer", "DescribeInstances", "2026-05-20T10:00:00Z");

  test("a policy attached on May 5 to `deployer`, renamed `ci-deployer` on May 10, was held for part of the window only", async () => {
    const renamed = user("ci-deployer", {
      id: ci.id,
      inlinePolicies: ci.inlinePolicies,
      attachedPolicyArns: [rebooter.arn],
    });
    const account = snapshotWith({ users: [renamed], managedPolicies: { [rebooter.arn]: rebooter } });
    const attach = iamCall("AttachUserPolicy", "2026-05-05T00:00:00Z", {
      userName: "deployer",
      policyArn: rebooter.arn,
    });
    const rename = iamCall("UpdateUser", "2026-05-10T00:00:00Z", {
      userName: "deployer",
      newUserName: "ci-deployer",
    });
    const unusedOf = async (items: Parameters<typeof auditOf>[1]) =>
      (await auditOf(account, items)).findings
        .filter((f) => f.principalArn === renamed.arn && f.kind === "unused-action")
        .flatMap((f) => f.actions ?? []);
    // ci-deployer's own inline policy (held all window) still shows RebootInstances unused.
    assert.deepEqual(await unusedOf([describing]), ["ec2:RebootInstances"]);
    assert.deepEqual(await unusedOf([describing, attach]), ["ec2:RebootInstances"], "another user's attach");
    const report = await auditOf(account, [describing, attach, rename]);
    const rec = report.recommendations.find((r) => r.principalArn === renamed.arn);
    assert.deepEqual(rec?.inferredActions, ["ec2:RebootInstances"]);
    assert.match(rec?.summary ?? "", /AttachUserPolicy 2026-05-05T00:00:00Z/);
  });

  test("a user that joined a group under the group's old name holds what the renamed group grants since then only", async () => {
    // The group lets its members describe instances (seen) and reboot them (never seen).
    const operator = managed("operator", allow(["ec2:DescribeInstances", "ec2:RebootInstances"]));
    const ops = group("ops", { attachedPolicyArns: [operator.arn] });
    const dev = user("dev", { groups: ["ops"] });
    const account = snapshotWith({
      users: [dev],
      groups: [ops],
      managedPolicies: { [operator.arn]: operator },
    });
    const listing = eventItem({
      eventSource: "ec2.amazonaws.com",
      eventName: "DescribeInstances",
      userIdentity: { type: "IAMUser", arn: dev.arn, accountId: ACCOUNT, userName: "dev" },
    });
    const joined = iamCall("AddUserToGroup", "2026-05-05T00:00:00Z", {
      userName: "dev",
      groupName: "operators",
    });
    const renamed = iamCall("UpdateGroup", "2026-05-10T00:00:00Z", {
      groupName: "operators",
      newGroupName: "ops",
    });
    const unusedOf = async (items: Parameters<typeof auditOf>[1]) =>
      (await auditOf(account, items)).findings
        .filter((f) => f.principalArn === dev.arn && f.kind === "unused-action")
        .flatMap((f) => f.actions ?? []);
    assert.deepEqual(await unusedOf([listing, joined]), ["ec2:RebootInstances"]);
    assert.deepEqual(await unusedOf([listing, joined, renamed]), []);
  });
});
