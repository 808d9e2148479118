import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ActivityAggregator } from "../../../core/engine/activity/aggregate.js";
import { roleDirectory } from "../../../core/engine/activity/role-directory.js";
import type { CloudTrailEvent } from "../../../core/engine/activity/types.js";
import { observedFromUsage } from "../../../core/engine/generate/observed.js";
import {
  proposedPermissions,
  proveCoversObserved,
  replayedCalls,
} from "../../../core/engine/generate/proof.js";
import type { ObservedAction, PolicyDocument } from "../../../core/engine/generate/types.js";
import type { PrincipalPermissions } from "../../../core/engine/policy/principal-permissions.js";
import { ACCOUNT, appRecommendation, appRecord } from "../../helpers/app-role.js";
import { catalog } from "../../helpers/catalog.js";
import { doc, input, principal } from "../../helpers/policies.js";

const WORKER = `arn:aws:iam::${ACCOUNT}:role/service-role/worker`;
const ENDPOINT = `arn:aws:sagemaker:eu-west-1:${ACCOUNT}:endpoint/llm`;
const GUARDRAIL = `arn:aws:bedrock:eu-west-1:${ACCOUNT}:guardrail/gr1abc`;
const RERANKER = "arn:aws:bedrock:eu-west-1::foundation-model/amazon.rerank-v1:0";
const RERANKING = {
  type: "BEDROCK_RERANKING_MODEL",
  bedrockRerankingConfiguration: { modelConfiguration: { modelArn: RERANKER }, numberOfResults: 5 },
};
const PROMPT = `arn:aws:bedrock:eu-west-1:${ACCOUNT}:prompt/PROMPT12345`;
const SES_IDENTITY = `arn:aws:ses:eu-west-1:${ACCOUNT}:identity/example.com`;
const roles = roleDirectory([
  {
    name: "worker",
    arn: WORKER,
    instanceProfiles: [
      { name: "worker-profile", arn: `arn:aws:iam::${ACCOUNT}:instance-profile/worker-profile` },
    ],
  },
]);

/** A trail record by the `app` role, from a recorded source address. */
function record(
  source: string,
  name: string,
  requestParameters: object,
  extra: Partial<CloudTrailEvent> = {},
) {
  return appRecord(source, name, requestParameters, { sourceIPAddress: "203.0.113.7", ...extra });
}

function observe(...events: CloudTrailEvent[]): ObservedAction[] {
  return observeWith({}, ...events);
}

function observeWith(context: { sourceIp?: boolean }, ...events: CloudTrailEvent[]): ObservedAction[] {
  const aggregator = new ActivityAggregator(catalog, { roles, context });
  for (const e of events) aggregator.addEvent(e);
  return observedFromUsage(aggregator.result().principals[0]!.actions);
}

const recommended = appRecommendation;

function grants(documents: readonly PolicyDocument[], action: string): string[] {
  return documents
    .flatMap((d) => d.Statement)
    .filter((s) => s.Effect === "Allow" && (s.Action ?? []).includes(action))
    .flatMap((s) => s.Resource ?? []);
}

interface Case {
  name: string;
  policy: object;
  events: CloudTrailEvent[];
  action: string;
  resources: string[];
  /** What Whittle granted before calls had needs: another action, another resource, or nothing. */
  before?: { action?: string; resource?: string };
}

/** The recommendation as the old mapping would have written it. */
function oldStyle(documents: readonly PolicyDocument[], c: Case): PolicyDocument[] {
  return documents.map((d) => ({
    ...d,
    Statement: d.Statement.map((s) => {
      if (!s.Action?.includes(c.action)) return s;
      if (c.before?.resource) return { ...s, Resource: [c.before.resource] };
      const others = s.Action.filter((a) => a !== c.action);
      return { ...s, Action: c.before?.action ? [...others, c.before.action] : others };
    }).filter((s) => (s.Action ?? s.NotAction ?? []).length > 0),
  }));
}

function replay(current: PrincipalPermissions, documents: PolicyDocument[], observed: ObservedAction[]) {
  return proveCoversObserved(current, proposedPermissions(current, documents), replayedCalls(observed));
}

const cases: Case[] = [
  {
    name: "GetObject with versionId keeps s3:GetObjectVersion on the object",
    policy: { Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::data/*" },
    events: [record("s3", "GetObject", { bucketName: "data", key: "r.csv", versionId: "3HL4kqtJ" })],
    action: "s3:GetObjectVersion",
    resources: ["arn:aws:s3:::data/r.csv"],
    before: { action: "s3:GetObject" },
  },
  {
    name: "DeleteObject with versionId keeps s3:DeleteObjectVersion on the object",
    policy: { Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::data/*" },
    events: [record("s3", "DeleteObject", { bucketName: "data", key: "old.csv", versionId: "UIORUnfn" })],
    action: "s3:DeleteObjectVersion",
    resources: ["arn:aws:s3:::data/old.csv"],
    before: { action: "s3:DeleteObject" },
  },
  {
    name: "a Query with indexName keeps dynamodb:Query on the index ARN",
    policy: {
      Effect: "Allow",
      Action: "dynamodb:*",
      Resource: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/*`,
    },
    events: [record("dynamodb", "Query", { tableName: "orders", indexName: "by-customer" })],
    action: "dynamodb:Query",
    resources: [`arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders/index/by-customer`],
    before: { resource: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders` },
  },
  {
    name: "ec2:RunInstances with an instance profile keeps iam:PassRole on the profile's role",
    policy: { Effect: "Allow", Action: ["ec2:RunInstances", "iam:PassRole"], Resource: "*" },
    events: [
      record("ec2", "RunInstances", {
        instancesSet: { items: [{ imageId: "ami-1" }] },
        iamInstanceProfile: { name: "worker-profile" },
      }),
    ],
    action: "iam:PassRole",
    resources: [WORKER],
  },
  {
    name: "events:PutTargets with a target role keeps iam:PassRole on it",
    policy: { Effect: "Allow", Action: ["events:PutTargets", "iam:PassRole"], Resource: "*" },
    events: [
      record("events", "PutTargets", {
        rule: "nightly",
        targets: [{ id: "1", arn: "arn:aws:states:eu-west-1:1:stateMachine:s", roleArn: WORKER }],
      }),
    ],
    action: "iam:PassRole",
    resources: [WORKER],
  },
  {
    name: "sagemaker:CreateModel with an execution role keeps iam:PassRole on it",
    policy: { Effect: "Allow", Action: ["sagemaker:CreateModel", "iam:PassRole"], Resource: "*" },
    events: [record("sagemaker", "CreateModel", { modelName: "m", executionRoleArn: WORKER })],
    action: "iam:PassRole",
    resources: [WORKER],
  },
  {
    name: "an alias invocation keeps lambda:InvokeFunction on the alias ARN",
    policy: {
      Effect: "Allow",
      Action: "lambda:InvokeFunction",
      Resource: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:api*`,
    },
    events: [record("lambda", "Invoke", { functionName: "api", qualifier: "live" })],
    action: "lambda:InvokeFunction",
    resources: [`arn:aws:lambda:eu-west-1:${ACCOUNT}:function:api:live`],
    before: { resource: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:api` },
  },
  {
    // Lambda compares the policy's resource with the FunctionName passed: `api:$LATEST` is not the
    // unqualified `api`, which a Deny of the function alone does not stop (lambda-api-permissions-ref);
    // no page says which of the two an Allow must name, so both are kept.
    name: "an invocation naming $LATEST keeps lambda:InvokeFunction on the $LATEST ARN and the function",
    policy: {
      Effect: "Allow",
      Action: "lambda:InvokeFunction",
      Resource: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:api*`,
    },
    events: [
      record("lambda", "Invoke", {
        functionName: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:api:$LATEST`,
      }),
    ],
    action: "lambda:InvokeFunction",
    resources: [
      `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:api`,
      `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:api:$LATEST`,
    ],
    before: { resource: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:api` },
  },
  {
    name: "an SSE-KMS PutObject keeps kms:GenerateDataKey on the key S3 used for the caller",
    policy: { Effect: "Allow", Action: ["s3:PutObject", "kms:GenerateDataKey"], Resource: "*" },
    events: [
      record("s3", "PutObject", {
        bucketName: "data",
        key: "k",
        "x-amz-server-side-encryption": "aws:kms",
        "x-amz-server-side-encryption-aws-kms-key-id": `arn:aws:kms:eu-west-1:${ACCOUNT}:key/k-1`,
      }),
    ],
    action: "kms:GenerateDataKey",
    resources: [`arn:aws:kms:eu-west-1:${ACCOUNT}:key/k-1`],
  },
  {
    name: "sns:Subscribe of a Firehose endpoint keeps iam:PassRole on its subscription role",
    policy: { Effect: "Allow", Action: ["sns:Subscribe", "iam:PassRole"], Resource: "*" },
    events: [
      record("sns", "Subscribe", {
        topicArn: `arn:aws:sns:eu-west-1:${ACCOUNT}:orders`,
        protocol: "firehose",
        endpoint: `arn:aws:firehose:eu-west-1:${ACCOUNT}:deliverystream/orders`,
        attributes: { SubscriptionRoleArn: WORKER },
      }),
    ],
    action: "iam:PassRole",
    resources: [WORKER],
  },
  {
    name: "ssm:GetParameter by version keeps the parameter, whose ARN has no selector",
    policy: { Effect: "Allow", Action: "ssm:GetParameter", Resource: "*" },
    events: [record("ssm", "GetParameter", { name: "/app/db:3", withDecryption: true })],
    action: "ssm:GetParameter",
    resources: [`arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/app/db`],
    before: { resource: `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/app/db:3` },
  },
  {
    name: "CopyObject keeps s3:GetObjectTagging on the source, whose tags it copies by default",
    policy: { Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::*" },
    events: [record("s3", "CopyObject", { bucketName: "out", key: "k", "x-amz-copy-source": "in/a.csv" })],
    action: "s3:GetObjectTagging",
    resources: ["arn:aws:s3:::in/a.csv"],
  },
  {
    // The copy is a new object, written by s3:PutObject: its tags go where the next copy's will,
    // the target bucket's objects.
    name: "CopyObject keeps s3:PutObjectTagging on the target, which the source's tags are written to",
    policy: { Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::*" },
    events: [record("s3", "CopyObject", { bucketName: "out", key: "k", "x-amz-copy-source": "in/a.csv" })],
    action: "s3:PutObjectTagging",
    resources: ["arn:aws:s3:::out/*"],
  },
  {
    name: "an Auto Scaling group created from a launch template keeps ec2:RunInstances, checked on its creator",
    policy: {
      Effect: "Allow",
      Action: ["autoscaling:CreateAutoScalingGroup", "ec2:RunInstances"],
      Resource: "*",
    },
    events: [
      record("autoscaling", "CreateAutoScalingGroup", {
        autoScalingGroupName: "web",
        minSize: 1,
        maxSize: 2,
        launchTemplate: { launchTemplateId: "lt-0abc", version: "3" },
      }),
    ],
    action: "ec2:RunInstances",
    resources: ["*"],
  },
  {
    name: "an SES send through a configuration set keeps ses:SendEmail on the set beside the identity",
    policy: { Effect: "Allow", Action: "ses:SendEmail", Resource: "*" },
    events: [
      record(
        "ses",
        "SendEmail",
        { fromEmailAddress: "noreply@example.com", configurationSetName: "transactional" },
        { resources: [{ ARN: SES_IDENTITY, type: "AWS::SES::EmailIdentity" }] },
      ),
    ],
    action: "ses:SendEmail",
    resources: [`arn:aws:ses:eu-west-1:${ACCOUNT}:configuration-set/transactional`, SES_IDENTITY],
    before: { resource: SES_IDENTITY },
  },
  {
    name: "an SES API v2 send of a stored template keeps ses:SendEmail on the template beside the identity",
    policy: { Effect: "Allow", Action: "ses:SendEmail", Resource: "*" },
    events: [
      record(
        "ses",
        "SendEmail",
        { fromEmailAddress: "noreply@example.com", content: { template: { templateName: "welcome" } } },
        { resources: [{ ARN: SES_IDENTITY, type: "AWS::SES::EmailIdentity" }] },
      ),
    ],
    action: "ses:SendEmail",
    resources: [SES_IDENTITY, `arn:aws:ses:eu-west-1:${ACCOUNT}:template/welcome`],
    before: { resource: SES_IDENTITY },
  },
  {
    name: "a SageMaker invocation of an inference component keeps sagemaker:InvokeEndpoint on the component beside the endpoint",
    policy: { Effect: "Allow", Action: "sagemaker:InvokeEndpoint", Resource: "*" },
    events: [
      record(
        "sagemaker",
        "InvokeEndpoint",
        { endpointName: "llm", inferenceComponentName: "llama-ic", contentType: "application/json" },
        { resources: [{ ARN: ENDPOINT, type: "AWS::SageMaker::Endpoint" }] },
      ),
    ],
    action: "sagemaker:InvokeEndpoint",
    resources: [ENDPOINT, `arn:aws:sagemaker:eu-west-1:${ACCOUNT}:inference-component/llama-ic`],
    before: { resource: ENDPOINT },
  },
  {
    // SageMaker writes its ARNs in lower case; AWS does not say which spelling an Allow must name.
    name: "an inference component named in capitals keeps both spellings of its ARN",
    policy: { Effect: "Allow", Action: "sagemaker:InvokeEndpoint", Resource: "*" },
    events: [
      record(
        "sagemaker",
        "InvokeEndpoint",
        { endpointName: "llm", inferenceComponentName: "Llama-IC", contentType: "text/csv" },
        { resources: [{ ARN: ENDPOINT, type: "AWS::SageMaker::Endpoint" }] },
      ),
    ],
    action: "sagemaker:InvokeEndpoint",
    resources: [
      ENDPOINT,
      `arn:aws:sagemaker:eu-west-1:${ACCOUNT}:inference-component/Llama-IC`,
      `arn:aws:sagemaker:eu-west-1:${ACCOUNT}:inference-component/llama-ic`,
    ],
    before: { resource: ENDPOINT },
  },
  {
    name: "a Converse through a guardrail keeps bedrock:ApplyGuardrail as granted today",
    policy: { Effect: "Allow", Action: ["bedrock:InvokeModel", "bedrock:ApplyGuardrail"], Resource: "*" },
    events: [
      record("bedrock", "Converse", {
        modelId: "anthropic.claude-3-haiku-20240307-v1:0",
        guardrailConfig: { guardrailIdentifier: "gr1abc", guardrailVersion: "1" },
      }),
    ],
    action: "bedrock:ApplyGuardrail",
    resources: ["*"],
  },
  {
    name: "an InvokeModel through a guardrail keeps bedrock:ApplyGuardrail as granted today",
    policy: {
      Effect: "Allow",
      Action: ["bedrock:InvokeModelWithResponseStream", "bedrock:ApplyGuardrail"],
      Resource: "*",
    },
    events: [
      record("bedrock", "InvokeModelWithResponseStream", {
        modelId: "anthropic.claude-3-haiku-20240307-v1:0",
        guardrailIdentifier: `arn:aws:bedrock:eu-west-1:${ACCOUNT}:guardrail/gr1abc`,
        guardrailVersion: "DRAFT",
      }),
    ],
    action: "bedrock:ApplyGuardrail",
    resources: ["*"],
  },
  {
    // A guardrail with cross-Region inference is also checked on its profile in every destination
    // Region, which the record, a data event of the guardrail, does not name.
    name: "an ApplyGuardrail keeps today's grant on guardrail profiles beside the guardrail it names",
    policy: {
      Effect: "Allow",
      Action: "bedrock:ApplyGuardrail",
      Resource: [GUARDRAIL, `arn:aws:bedrock:*:${ACCOUNT}:guardrail-profile/eu.guardrail.v1:0`],
    },
    events: [
      record(
        "bedrock",
        "ApplyGuardrail",
        { guardrailIdentifier: "gr1abc", guardrailVersion: "1", source: "INPUT" },
        { resources: [{ ARN: GUARDRAIL, type: "AWS::Bedrock::Guardrail" }] },
      ),
    ],
    action: "bedrock:ApplyGuardrail",
    resources: [`arn:aws:bedrock:*:${ACCOUNT}:guardrail-profile/eu.guardrail.v1:0`, GUARDRAIL],
    before: { resource: GUARDRAIL },
  },
  {
    name: "a Rerank keeps bedrock:InvokeModel on the reranker model it names",
    policy: { Effect: "Allow", Action: ["bedrock:Rerank", "bedrock:InvokeModel"], Resource: "*" },
    events: [record("bedrock", "Rerank", { rerankingConfiguration: RERANKING })],
    action: "bedrock:InvokeModel",
    resources: [RERANKER],
  },
  {
    name: "a knowledge base Retrieve with reranking keeps bedrock:Rerank, which it needs",
    policy: {
      Effect: "Allow",
      Action: ["bedrock:Retrieve", "bedrock:Rerank", "bedrock:InvokeModel"],
      Resource: "*",
    },
    events: [
      record("bedrock", "Retrieve", {
        knowledgeBaseId: "KB12345678",
        retrievalConfiguration: { vectorSearchConfiguration: { rerankingConfiguration: RERANKING } },
      }),
    ],
    action: "bedrock:Rerank",
    resources: ["*"],
  },
  {
    // Both spellings, each where granted today: AWS does not say whether an Allow of the prompt
    // alone matches a call naming its version.
    name: "a Converse of a prompt from Prompt management keeps bedrock:RenderPrompt on the prompt",
    policy: { Effect: "Allow", Action: ["bedrock:InvokeModel", "bedrock:RenderPrompt"], Resource: "*" },
    events: [record("bedrock", "Converse", { modelId: `${PROMPT}:3`, promptVariables: "HIDDEN" })],
    action: "bedrock:RenderPrompt",
    resources: [PROMPT, `${PROMPT}:3`],
  },
];

describe("each call's needs reach the recommendation, and a recommendation without them fails coversObserved", () => {
  for (const c of cases) {
    test(c.name, () => {
      const current = principal([input("inline", doc(c.policy))]);
      const observed = observe(...c.events);
      const rec = recommended(current, observed);
      const documents = rec.policies.map((p) => p.document);
      assert.deepEqual(grants(documents, c.action), c.resources);
      assert.deepEqual(rec.checks, { withinCurrent: true, coversObserved: true });
      const broken = replay(current, oldStyle(documents, c), observed);
      assert.equal(broken.ok, false);
      assert.ok(
        broken.violations.some((v) => v.startsWith(c.action)),
        broken.violations.join("; "),
      );
    });
  }
});

describe("the replay uses the request context the trail recorded", () => {
  const current = principal([
    input(
      "inline",
      doc({
        Effect: "Allow",
        Action: "s3:GetObject",
        Resource: "arn:aws:s3:::data/*",
        Condition: { StringEquals: { "aws:RequestedRegion": ["eu-west-1", "us-east-1"] } },
      }),
    ),
  ]);
  const observed = observe(
    record("s3", "GetObject", { bucketName: "data", key: "a" }),
    record("s3", "GetObject", { bucketName: "data", key: "a" }, { awsRegion: "us-east-1" }),
  );
  test("the recommendation keeps the region condition and covers both regions", () => {
    const rec = recommended(current, observed);
    assert.deepEqual(rec.checks, { withinCurrent: true, coversObserved: true });
  });
  test("a policy narrowed to one region fails on the call made in the other", () => {
    const narrowed = doc({
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: "arn:aws:s3:::data/a",
      Condition: { StringEquals: { "aws:RequestedRegion": "eu-west-1" } },
    }) as PolicyDocument;
    const result = replay(current, [narrowed], observed);
    assert.deepEqual(result.violations, [
      "s3:GetObject on arn:aws:s3:::data/a in us-east-1 is ImplicitDeny (was Allow)",
    ]);
  });
  test("a call the current policies do not allow is not the proposal's to cover", () => {
    const other = observe(record("s3", "GetObject", { bucketName: "elsewhere", key: "a" }));
    assert.equal(replay(current, [], other).ok, true);
  });
});

describe("the source IP is replayed when the account's policies read it", () => {
  const current = principal([
    input(
      "inline",
      doc({
        Effect: "Allow",
        Action: "s3:GetObject",
        Resource: "arn:aws:s3:::data/*",
        Condition: { IpAddress: { "aws:SourceIp": ["203.0.113.0/24", "198.51.100.0/24"] } },
      }),
    ),
  ]);
  const calls = [
    record("s3", "GetObject", { bucketName: "data", key: "a" }),
    record("s3", "GetObject", { bucketName: "data", key: "a" }, { sourceIPAddress: "198.51.100.9" }),
  ];
  const narrowed = doc({
    Effect: "Allow",
    Action: "s3:GetObject",
    Resource: "arn:aws:s3:::data/a",
    Condition: { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } },
  }) as PolicyDocument;
  test("a policy narrowed to one network fails on the call made from the other", () => {
    const observed = observeWith({ sourceIp: true }, ...calls);
    assert.deepEqual(recommended(current, observed).checks, { withinCurrent: true, coversObserved: true });
    assert.deepEqual(replay(current, [narrowed], observed).violations, [
      "s3:GetObject on arn:aws:s3:::data/a in eu-west-1 is ImplicitDeny (was Allow)",
    ]);
  });
  test("without the IPs, the narrowed policy is only conditional, and the conditions differ", () => {
    const result = replay(current, [narrowed], observeWith({}, ...calls));
    assert.equal(result.ok, false);
  });
});

describe("an invocation naming $LATEST under a grant of the function alone", () => {
  test("keeps the function's ARN, so the next invocation is allowed as it was", () => {
    const fn = `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:api`;
    const current = principal([
      input("inline", doc({ Effect: "Allow", Action: "lambda:InvokeFunction", Resource: fn })),
    ]);
    const observed = observe(record("lambda", "Invoke", { functionName: `${fn}:$LATEST` }));
    const rec = recommended(current, observed);
    assert.deepEqual(
      grants(
        rec.policies.map((p) => p.document),
        "lambda:InvokeFunction",
      ),
      [fn],
    );
    assert.equal(rec.checks.withinCurrent, true);
  });
});
