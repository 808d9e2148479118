import assert from "node:assert/strict";
import { test } from "node:test";
import { ActivityAggregator } from "../../../core/engine/activity/aggregate.js";
import type { CloudTrailEvent } from "../../../core/engine/activity/types.js";
import { observedFromUsage } from "../../../core/engine/generate/observed.js";
import { proposedPermissions } from "../../../core/engine/generate/proof.js";
import { recommend } from "../../../core/engine/generate/recommend.js";
import { makeContext } from "../../../core/engine/policy/context.js";
import { catalog } from "../../helpers/catalog.js";
import { doc, input, principal } from "../../helpers/policies.js";

const ACCOUNT = "123456789012";
const APP = `arn:aws:iam::${ACCOUNT}:role/app`;

test("a call on unnamed resources keeps an unconditional grant that a wider conditional one covers", () => {
  // Anywhere in us-east-1 (by condition), and everything in eu-west-1 without one: the eu-west-1
  // grant must not be folded into the conditional `*`.
  const current = principal([
    input(
      "inline",
      doc(
        {
          Effect: "Allow",
          Action: "ec2:RunInstances",
          Resource: "*",
          Condition: { StringEquals: { "aws:RequestedRegion": "us-east-1" } },
        },
        { Effect: "Allow", Action: "ec2:RunInstances", Resource: `arn:aws:ec2:eu-west-1:${ACCOUNT}:*` },
      ),
    ),
  ]);
  const aggregator = new ActivityAggregator(catalog);
  aggregator.addEvent({
    eventSource: "ec2.amazonaws.com",
    eventName: "RunInstances",
    eventTime: "2026-11-01T10:00:00Z",
    awsRegion: "eu-west-1",
    recipientAccountId: ACCOUNT,
    userIdentity: {
      type: "AssumedRole",
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app/s`,
      accountId: ACCOUNT,
      sessionContext: { sessionIssuer: { type: "Role", arn: APP, accountId: ACCOUNT } },
    },
    requestParameters: { instancesSet: { items: [{ imageId: "ami-1" }] } },
  } as CloudTrailEvent);
  const result = recommend({
    catalog,
    principalArn: APP,
    principalName: "app",
    principalType: "role",
    current,
    observed: observedFromUsage(aggregator.result().principals[0]!.actions),
    observable: catalog.fullSet(),
  });
  assert.ok("recommendation" in result, JSON.stringify(result));
  const proposed = proposedPermissions(
    current,
    result.recommendation.policies.map((p) => p.document),
  );
  const decision = proposed.evaluate({
    action: "ec2:RunInstances",
    resource: `arn:aws:ec2:eu-west-1:${ACCOUNT}:subnet/subnet-1`,
    context: makeContext({ "aws:RequestedRegion": "eu-west-1" }),
  }).decision;
  assert.equal(decision, "Allow");
});
