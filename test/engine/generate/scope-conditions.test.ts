import assert from "node:assert/strict";
import { test } from "node:test";
import { makeContext } from "../../../core/engine/policy/context.js";
import { ACCOUNT, appProposal, appRecord } from "../../helpers/app-role.js";
import { doc, input, principal } from "../../helpers/policies.js";

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
  const { proposed } = appProposal(current, [
    appRecord("ec2", "RunInstances", { instancesSet: { items: [{ imageId: "ami-1" }] } }),
  ]);
  const decision = proposed.evaluate({
    action: "ec2:RunInstances",
    resource: `arn:aws:ec2:eu-west-1:${ACCOUNT}:subnet/subnet-1`,
    context: makeContext({ "aws:RequestedRegion": "eu-west-1" }),
  }).decision;
  assert.equal(decision, "Allow");
});

test("an action granted only on * keeps every conditional grant it came in through", () => {
  // One statement per region: the calls in eu-west-1 came in through the second.
  const inRegion = (region: string) => ({
    Effect: "Allow",
    Action: "s3:ListAllMyBuckets",
    Resource: "*",
    Condition: { StringEquals: { "aws:RequestedRegion": region } },
  });
  const current = principal([input("inline", doc(inRegion("us-east-1"), inRegion("eu-west-1")))]);
  const { proposed } = appProposal(current, [
    appRecord("s3", "ListBuckets", {}, { awsRegion: "us-east-1" }),
    appRecord("s3", "ListBuckets", {}),
  ]);
  for (const region of ["us-east-1", "eu-west-1"]) {
    const request = {
      action: "s3:ListAllMyBuckets",
      resource: "*",
      context: makeContext({ "aws:RequestedRegion": region }),
    };
    assert.equal(proposed.evaluate(request).decision, "Allow", region);
  }
});
