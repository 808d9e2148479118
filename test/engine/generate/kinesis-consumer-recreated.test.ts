import assert from "node:assert/strict";
import { test } from "node:test";
import type { CloudTrailEvent } from "../../../core/engine/activity/types.js";
import { ACCOUNT, appProposal, appRecord } from "../../helpers/app-role.js";
import { doc, input, principal } from "../../helpers/policies.js";

// "If you delete a consumer and then create a new one with the same name, it won't have the same
// ARN. That's because consumer ARNs contain the creation timestamp. This is important to keep in
// mind if you have IAM policies that reference consumer ARNs."
// https://docs.aws.amazon.com/kinesis/latest/APIReference/API_Consumer.html
const STREAM = `arn:aws:kinesis:eu-west-1:${ACCOUNT}:stream/orders`;
const CONSUMER = `${STREAM}/consumer/billing:1700000000`;
const RECREATED = `${STREAM}/consumer/billing:1800000000`;

const subscribe = (consumer: string): CloudTrailEvent =>
  appRecord(
    "kinesis",
    "SubscribeToShard",
    { consumerARN: consumer, shardId: "shardId-000000000000", startingPosition: { type: "LATEST" } },
    { resources: [{ type: "AWS::Kinesis::StreamConsumer", ARN: consumer }] } as Partial<CloudTrailEvent>,
  );

const decide = (proposed: ReturnType<typeof appProposal>["proposed"], resource: string) =>
  proposed.evaluate({ action: "kinesis:SubscribeToShard", resource }).decision;

test("a consumer's reads keep the consumer by name, whatever creation timestamp its ARN carries", () => {
  const current = principal([
    input(
      "inline",
      doc({ Effect: "Allow", Action: "kinesis:SubscribeToShard", Resource: `${STREAM}/consumer/*` }),
    ),
  ]);
  const { recommendation, proposed } = appProposal(current, [subscribe(CONSUMER)]);
  assert.deepEqual(recommendation.checks, { withinCurrent: true, coversObserved: true });
  assert.equal(decide(proposed, CONSUMER), "Allow");
  assert.equal(decide(proposed, RECREATED), "Allow", JSON.stringify(recommendation.policies));
  // No other consumer of the stream.
  assert.equal(decide(proposed, `${STREAM}/consumer/audit:1700000000`), "ImplicitDeny");
});

test("a consumer granted today by its one ARN keeps that ARN alone", () => {
  const current = principal([
    input("inline", doc({ Effect: "Allow", Action: "kinesis:SubscribeToShard", Resource: CONSUMER })),
  ]);
  const { recommendation, proposed } = appProposal(current, [subscribe(CONSUMER)]);
  assert.deepEqual(recommendation.checks, { withinCurrent: true, coversObserved: true });
  assert.equal(decide(proposed, CONSUMER), "Allow");
  assert.equal(decide(proposed, RECREATED), "ImplicitDeny", "no grant beyond today's");
});
