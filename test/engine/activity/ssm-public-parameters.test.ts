import assert from "node:assert/strict";
import { test } from "node:test";
import { resourceCandidates, resourcesFor } from "../../../core/engine/activity/resources.js";
import type { CloudTrailEvent } from "../../../core/engine/activity/types.js";
import { loadCatalog } from "../../../core/node/load-catalog.js";

const catalog = loadCatalog();

const read = (eventName: string, requestParameters: Record<string, unknown>) => {
  const e: CloudTrailEvent = {
    eventSource: "ssm.amazonaws.com",
    eventName,
    eventTime: "2026-11-01T00:00:00Z",
    awsRegion: "eu-west-1",
    recipientAccountId: "123456789012",
    requestParameters,
  };
  return resourcesFor(catalog.action(`ssm:${eventName}`)!, "target", resourceCandidates(e, "ssm"));
};

// AWS's public parameters (latest AMI ids, read directly or by a launch template's resolve:ssm:
// image) belong to no account: their ARN has an empty account field, as get-parameters prints it.
// A policy scoped to the caller's account (…:123456789012:parameter/aws/service/...) does not match.
// https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-finding-public-parameters.html
const LATEST_AMI = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";

test("a public parameter read is scoped to its ARN without an account", () => {
  assert.deepEqual(read("GetParameter", { name: LATEST_AMI }), [
    `arn:aws:ssm:eu-west-1::parameter${LATEST_AMI}`,
  ]);
  assert.deepEqual(read("GetParameters", { names: [`${LATEST_AMI}:3`] }), [
    `arn:aws:ssm:eu-west-1::parameter${LATEST_AMI}`,
  ]);
  const arn = `arn:aws:ssm:eu-west-1::parameter${LATEST_AMI}`;
  assert.deepEqual(read("GetParameter", { name: arn }), [arn]);
});

test("the account's own parameters keep its account, a name merely containing aws/service included", () => {
  assert.deepEqual(read("GetParameter", { name: "/app/db" }), [
    "arn:aws:ssm:eu-west-1:123456789012:parameter/app/db",
  ]);
  assert.deepEqual(read("GetParameter", { name: "/app/aws/service/x" }), [
    "arn:aws:ssm:eu-west-1:123456789012:parameter/app/aws/service/x",
  ]);
});
