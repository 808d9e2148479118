import assert from "node:assert/strict";
import { test } from "node:test";
import type { Report } from "../../../core/engine/report/schema.js";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

const MODEL = "anthropic.claude-3-5-sonnet-20241022-v2:0";
const PROFILE = `us.${MODEL}`;
const PROFILE_ARN = `arn:aws:bedrock:us-east-1:${ACCOUNT}:inference-profile/${PROFILE}`;
// The foundation model in each region the US cross-region profile routes to: a call through the
// profile needs InvokeModel on the profile and on the model in every one of them.
// https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-prereq.html
const MODEL_ARNS = ["us-east-1", "us-east-2", "us-west-2"].map(
  (region) => `arn:aws:bedrock:${region}::foundation-model/${MODEL}`,
);

const chat = (action: string) =>
  role(
    "chat",
    ownPolicy([
      { Effect: "Allow", Action: action, Resource: [PROFILE_ARN, ...MODEL_ARNS] },
      { Effect: "Allow", Action: "sns:CreateTopic", Resource: "*" },
    ]),
  );

// A Converse record as Bedrock writes it: a management event naming the model or profile called,
// with the region the request was routed to when the profile sent it elsewhere.
const converse = (roleArn: string, eventName: string, modelId: string, listed: string[] = []) =>
  eventItem({
    eventSource: "bedrock.amazonaws.com",
    eventName,
    awsRegion: "us-east-1",
    recipientAccountId: ACCOUNT,
    userIdentity: roleSession(roleArn, "chat"),
    requestParameters: { modelId },
    additionalEventData: { inferenceRegion: "us-west-2" },
    readOnly: true,
    eventCategory: "Management",
    ...(listed.length > 0 ? { resources: listed.map((ARN) => ({ ARN })) } : {}),
  } as never);

// Another caller's write: the trail's copy shows it logs write management events too, without
// which nothing could show the role's unused sns:CreateTopic.
const otherWrite = eventItem({
  eventSource: "ec2.amazonaws.com",
  eventName: "CreateTags",
  userIdentity: roleSession(`arn:aws:iam::${ACCOUNT}:role/deployer`, "deployer"),
  readOnly: false,
  eventCategory: "Management",
} as never);

const resourcesOf = (report: Report, arn: string, action: string) => {
  const rec = report.recommendations.find((r) => r.principalArn === arn);
  const unproven = report.findings.filter((f) => f.kind === "recommendation-unproven");
  assert.ok(rec, `a recommendation is made: ${JSON.stringify(unproven.map((f) => f.evidence))}`);
  assert.deepEqual(rec.checks, { withinCurrent: true, coversObserved: true });
  assert.deepEqual(rec.notAllowed, []);
  return {
    rec,
    resources: rec.policies
      .flatMap((p) => p.document.Statement)
      .filter((s) => s.Action?.includes(action))
      .flatMap((s) => s.Resource ?? [])
      .sort(),
  };
};

// Converse is authorized as bedrock:InvokeModel, ConverseStream as InvokeModelWithResponseStream.
// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html
for (const [eventName, action] of [
  ["Converse", "bedrock:InvokeModel"],
  ["ConverseStream", "bedrock:InvokeModelWithResponseStream"],
] as const) {
  for (const [how, modelId] of [
    ["profile id", PROFILE],
    ["profile ARN", PROFILE_ARN],
  ] as const) {
    for (const unobservable of ["keep", "drop"] as const) {
      test(`a ${eventName} through an inference profile named by ${how} keeps ${action} on the profile and its models in every region (unobservable: ${unobservable})`, async () => {
        const chatRole = chat(action);
        const report = await auditOf(
          snapshotWith({ roles: [chatRole] }),
          [converse(chatRole.arn, eventName, modelId), otherWrite],
          { generate: { unobservable } },
        );
        const { rec, resources } = resourcesOf(report, chatRole.arn, action);
        assert.deepEqual(resources, [PROFILE_ARN, ...MODEL_ARNS].sort(), JSON.stringify(rec.policies));
        assert.ok(rec.observedActions.includes(action), JSON.stringify(rec.observedActions));
      });
    }
  }
}

// The record's own resources are not read either: one listing only the profile would narrow the
// grant to it and refuse the call on the models it routes to.
test("a Converse whose record lists only its inference profile still keeps the profile's models", async () => {
  const chatRole = chat("bedrock:InvokeModel");
  const report = await auditOf(
    snapshotWith({ roles: [chatRole] }),
    [converse(chatRole.arn, "Converse", PROFILE_ARN, [PROFILE_ARN]), otherWrite],
    { generate: { unobservable: "drop" } },
  );
  const { resources } = resourcesOf(report, chatRole.arn, "bedrock:InvokeModel");
  assert.deepEqual(resources, [PROFILE_ARN, ...MODEL_ARNS].sort());
});

// Called directly, a foundation model is checked on its ARN in the region of the call alone.
test("a Converse naming a foundation model is scoped to that model in the call's region when unobservable calls are dropped", async () => {
  const chatRole = chat("bedrock:InvokeModel");
  const report = await auditOf(
    snapshotWith({ roles: [chatRole] }),
    [converse(chatRole.arn, "Converse", MODEL), otherWrite],
    { generate: { unobservable: "drop" } },
  );
  const { rec, resources } = resourcesOf(report, chatRole.arn, "bedrock:InvokeModel");
  assert.deepEqual(resources, [MODEL_ARNS[0]], JSON.stringify(rec.policies));
  assert.ok(rec.removedActions.includes("sns:CreateTopic"), "what the role never used is removed");
});
