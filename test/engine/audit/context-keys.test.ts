import assert from "node:assert/strict";
import { test } from "node:test";
import type { ContextKept } from "../../../core/engine/activity/action-state.js";
import { NoActivityError } from "../../../core/engine/activity/errors.js";
import type { ActivitySource } from "../../../core/engine/activity/types.js";
import { contextReadByPolicies } from "../../../core/engine/audit/context-keys.js";
import { runAudit } from "../../../core/engine/audit.js";
import type { Snapshot } from "../../../core/engine/snapshot/model.js";
import { catalog } from "../../helpers/catalog.js";
import { doc } from "../../helpers/policies.js";
import { snapshotWith, user } from "../../helpers/snapshot-fixture.js";

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

const nothing = async function* () {};

test("an audit reading activity hands its aggregation the request context the account's policies read", async () => {
  let handed: ContextKept | undefined;
  // A source that aggregates its own input (as worker threads do) is given the setup, context included.
  const recorder: ActivitySource = {
    description: "recorder",
    read: nothing,
    aggregate: (setup) => {
      handed = setup.context;
      return nothing();
    },
  };
  const fromIp = doc({
    Effect: "Allow",
    Action: "s3:GetObject",
    Resource: "*",
    Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } },
  });
  const snapshot = snapshotWith({
    users: [user("ops", { inlinePolicies: [{ name: "ip", document: fromIp }] })],
  });
  const sources = { snapshot: { description: "fixture", load: async () => snapshot }, activity: [recorder] };
  // It read no record: the audit stops there, after the aggregation was set up.
  const options = { catalog, now: new Date("2026-01-01T00:00:00Z"), days: 90, version: "test" };
  await assert.rejects(runAudit(sources, options), NoActivityError);
  assert.deepEqual(handed, { sourceIp: true, vpcEndpoint: false });
});
