import {
  type DeriveContext,
  named,
  regional,
  type ServiceAuthorizations,
  str,
  taggedOnCreate,
  to,
} from "./types.js";

const SQS =
  "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-api-permissions-reference.html";
const SNS = "https://docs.aws.amazon.com/sns/latest/api/API_PublishBatch.html";
const SQS_CREATE =
  "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html";
// CreateTopic names its topic by `name`; the Service Authorization Reference authorizes it on the
// topic's ARN, as the topic a job creates each run is then known as created.
const SNS_CREATE = "https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html";

export const SQS_AUTHORIZATIONS: ServiceAuthorizations = {
  service: "sqs",
  events: [
    { event: "SendMessageBatch", actions: to("sqs:SendMessage"), why: "batch of SendMessage", source: SQS },
    {
      event: "DeleteMessageBatch",
      actions: to("sqs:DeleteMessage"),
      why: "batch of DeleteMessage",
      source: SQS,
    },
    {
      event: "ChangeMessageVisibilityBatch",
      actions: to("sqs:ChangeMessageVisibility"),
      why: "batch of ChangeMessageVisibility",
      source: SQS,
    },
    {
      event: "CreateQueue",
      rules: [taggedOnCreate("sqs:TagQueue", SQS_CREATE)],
      why: "a new queue, tagged or not",
      source: SQS_CREATE,
    },
  ],
  resources: (ctx) => ({
    target: ctx.params.queueUrl
      ? named(ctx.params.queueUrl, (url) => sqsQueue(ctx.partition, ctx.region, url))
      : queueNamed(ctx),
  }),
};

/**
 * CreateQueue and GetQueueUrl name the queue by `queueName` (GetQueueUrl another account's by
 * `queueOwnerAWSAccountId`), and IAM authorizes both on the queue's ARN: without it, the queue a
 * job creates each run is not known as created, and its next run's queue is refused.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueUrl.html
 */
function queueNamed(ctx: DeriveContext): string[] {
  const owner = str(ctx.params.queueOwnerAWSAccountId);
  const account = owner && /^\d{12}$/.test(owner) ? owner : ctx.account;
  return named(ctx.params.queueName, (name) => regional({ ...ctx, account }, "sqs", name));
}

export const SNS_AUTHORIZATIONS: ServiceAuthorizations = {
  service: "sns",
  events: [
    { event: "PublishBatch", actions: to("sns:Publish"), why: "batch of Publish", source: SNS },
    {
      event: "CreateTopic",
      rules: [taggedOnCreate("sns:TagResource", SNS_CREATE)],
      why: "a new topic, tagged or not",
      source: SNS_CREATE,
    },
  ],
  resources: (ctx) => ({
    target:
      ctx.params.topicArn === undefined && ctx.event === "CreateTopic"
        ? named(ctx.params.name, (name) => regional(ctx, "sns", name))
        : named(ctx.params.topicArn, () => undefined),
  }),
};

/** `https://sqs.<region>.amazonaws.com/<account>/<name>` (or the legacy queue.amazonaws.com). */
function sqsQueue(partition: string, region: string | undefined, url: string): string | undefined {
  const match = /^https?:\/\/[^/]+\/(\d{12})\/([^/?#]+)/.exec(url);
  if (!match || !region) return undefined;
  return `arn:${partition}:sqs:${region}:${match[1]}:${match[2]}`;
}

/**
 * Kinesis names a stream by `streamName` or `streamARN`; both are authorized on the stream ARN. A
 * consumer is named by its ARN, which ends in its creation timestamp: "If you delete a consumer
 * and then create a new one with the same name, it won't have the same ARN ... This is important
 * to keep in mind if you have IAM policies that reference consumer ARNs". The consumer is kept by
 * name, any timestamp, where a grant covers that; else the action keeps today's scope.
 * https://docs.aws.amazon.com/kinesis/latest/APIReference/API_Consumer.html
 */
export const KINESIS_AUTHORIZATIONS: ServiceAuthorizations = {
  service: "kinesis",
  events: [],
  resources: (ctx) => {
    const target = named(ctx.params.streamARN ?? ctx.params.streamName, (n) =>
      regional(ctx, "kinesis", `stream/${n}`),
    );
    for (const arn of [...ctx.listed, ...named(ctx.params.consumerARN, () => undefined)]) {
      const byName = CONSUMER_ARN.exec(arn)?.[1];
      if (byName && !target.includes(`${byName}:*`)) target.push(`${byName}:*`);
    }
    return { target };
  },
};

/** `arn:aws:kinesis:REGION:ACCOUNT:stream/NAME/consumer/CONSUMER:TIMESTAMP`, up to the timestamp. */
const CONSUMER_ARN = /^(arn:[^:]+:kinesis:[^:]+:\d{12}:stream\/[^/:]+\/consumer\/[^/:]+):\d+$/;
