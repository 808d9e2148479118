import assert from "node:assert/strict";
import { test } from "node:test";
import { contextReadByPolicies } from "../../../core/engine/audit/context-keys.js";
import type { Snapshot } from "../../../core/engine/snapshot/model.js";

test("source IPs and VPC endpoints are kept only when some policy's conditions read them", () => {
  const snapshot = (condition: object) =>
    ({ policies: [{ document: { Statement: [{ Condition: condition }] } }] }) as unknown as Snapshot;
  assert.deepEqual(contextReadByPolicies(snapshot({})), { sourceIp: false, vpcEndpoint: false });
  assert.deepEqual(contextReadByPolicies(snapshot({ NotIpAddress: { "aws:SourceIp": "10.0.0.0/8" } })), {
    sourceIp: true,
    vpcEndpoint: false,
  });
  assert.deepEqual(contextReadByPolicies(snapshot({ StringEquals: { "AWS:SourceVpce": "vpce-1" } })), {
    sourceIp: false,
    vpcEndpoint: true,
  });
});
