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

test("a mention anywhere is found, as a key or a value, however deep, and both flags from different documents", () => {
  const snapshot = {
    roles: [{ trustPolicy: { Statement: [{ Condition: { StringEquals: { "aws:SourceVPC": "vpc-1" } } }] } }],
    policies: [{ document: { Statement: [[{ Sid: "x" }, { Note: ["quoted AWS:VpcSourceIp here"] }]] } }],
  } as unknown as Snapshot;
  assert.deepEqual(contextReadByPolicies(snapshot), { sourceIp: true, vpcEndpoint: true });
  assert.deepEqual(
    contextReadByPolicies({ users: [{ name: "aws-source", tags: [] }] } as unknown as Snapshot),
    {
      sourceIp: false,
      vpcEndpoint: false,
    },
  );
});
