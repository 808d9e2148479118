import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";
import type { IAMClient } from "@aws-sdk/client-iam";
import { fetchLastAccessed } from "../../core/aws/iam-last-accessed.js";
import {
  type Behaviour,
  RECORDED,
  type RecordedIam,
  startRecordedIam,
} from "../helpers/last-accessed-server.js";

let server: RecordedIam;
let iam: IAMClient;
let behaviour: Behaviour;
let calls: string[];
before(async () => {
  server = await startRecordedIam();
  iam = server.iam;
  calls = server.calls;
});
after(() => server.close());
beforeEach(() => {
  server.reset();
  behaviour = server.behaviour;
});

const poll = { intervalMs: 1, timeoutMs: 1000 };

test("replays the recorded jobs of the four demo roles into last-accessed data", async () => {
  const arns = Object.keys(RECORDED);
  const result = await fetchLastAccessed(iam, arns, { ...poll, concurrency: 2 });
  assert.deepEqual(result.warnings, []);
  assert.deepEqual(Object.keys(result.lastAccessed).sort(), [...arns].sort());
  assert.deepEqual(result.lastAccessed["arn:aws:iam::123456789012:role/level3"], {
    jobCompleted: "2019-05-03T21:56:43.085Z",
    services: [
      {
        namespace: "logs",
        name: "Amazon CloudWatch Logs",
        lastAuthenticated: "2019-04-15T04:19:00.000Z",
        lastAuthenticatedEntity: "arn:aws:iam::123456789012:role/level3",
        totalAuthenticatedEntities: 1,
      },
    ],
  });
});

test("polls a job that is still in progress until it completes", async () => {
  behaviour.pendingPolls = 2;
  const arn = "arn:aws:iam::123456789012:role/exfiller";
  const result = await fetchLastAccessed(iam, [arn], poll);
  assert.equal(result.lastAccessed[arn]?.services[0]?.namespace, "logs");
  assert.deepEqual(calls, [
    "GenerateServiceLastAccessedDetails",
    "GetServiceLastAccessedDetails",
    "GetServiceLastAccessedDetails",
    "GetServiceLastAccessedDetails",
  ]);
});

test("when the first job cannot start, one warning is recorded and no other job is tried", async () => {
  behaviour.generateError = "AccessDenied";
  const result = await fetchLastAccessed(iam, Object.keys(RECORDED), poll);
  assert.deepEqual(result.lastAccessed, {});
  assert.equal(result.warnings.length, 1);
  assert.match(result.warnings[0] ?? "", /unavailable.*AccessDenied/);
  assert.deepEqual(calls, ["GenerateServiceLastAccessedDetails"]);
});

test("a job that never completes becomes a warning for that principal", async () => {
  behaviour.pendingPolls = 1_000;
  const arn = "arn:aws:iam::123456789012:role/level3";
  const result = await fetchLastAccessed(iam, [arn], { intervalMs: 1, timeoutMs: 3 });
  assert.deepEqual(result.lastAccessed, {});
  assert.match(result.warnings[0] ?? "", /role\/level3.*still in progress/);
});
