import assert from "node:assert/strict";
import { test } from "node:test";
import { proveCoversObserved } from "../../../core/engine/generate/proof.js";
import { doc, input, principal } from "../../helpers/policies.js";

const OBJECT = "arn:aws:s3:::data/a";

// "The aws:SourceIp condition key is always included in the request, except for requests that use
// an Amazon VPC endpoint": https://repost.aws/knowledge-center/iam-restrict-access-policy
test("a call made through a VPC endpoint is not replayed with its recorded IP as aws:SourceIp", () => {
  const byNetwork = {
    Effect: "Allow",
    Action: "s3:GetObject",
    Resource: "arn:aws:s3:::data/*",
    Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } },
  };
  const byEndpoint = {
    Effect: "Allow",
    Action: "s3:GetObject",
    Resource: "arn:aws:s3:::data/*",
    Condition: { StringEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } },
  };
  const current = principal([input("inline", doc(byNetwork, byEndpoint))]);
  // Kept alone, the network grant lets nothing through the endpoint: AWS has no source IP to test.
  const proposed = principal([input("proposed", doc(byNetwork))]);
  const call = {
    action: "s3:GetObject",
    resource: OBJECT,
    context: { region: "eu-west-1", sourceIp: "10.1.2.3", vpcEndpoint: "vpce-1a2b3c4d" },
  };
  assert.equal(proveCoversObserved(current, proposed, [call]).ok, false);
  // Without an endpoint the recorded IP is the request's aws:SourceIp.
  const direct = { ...call, context: { region: "eu-west-1", sourceIp: "10.1.2.3" } };
  assert.equal(proveCoversObserved(current, proposed, [direct]).ok, true);
});
