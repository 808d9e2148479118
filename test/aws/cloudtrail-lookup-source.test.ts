import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { cloudTrailLookupSource } from "../../core/aws/cloudtrail-lookup-source.js";
import type { ActivityItem, ActivityWindow } from "../../core/engine/activity/types.js";
import { type LoopbackServer, startLoopback } from "../helpers/loopback.js";
import { REQUEST_TIMEOUT_MS } from "../helpers/timeouts.js";

// moto does not implement LookupEvents: a loopback server replays responses of the real shape
// (JSON 1.1, CloudTrailEvent as a JSON string, NextToken between pages).
const WINDOW: ActivityWindow = { start: "2026-11-01T00:00:00Z", end: "2026-11-02T00:00:00Z", days: 1 };

function lookupEvent(name: string) {
  const record = {
    eventVersion: "1.08",
    eventSource: "iam.amazonaws.com",
    eventName: name,
    eventTime: "2026-11-01T12:00:00Z",
    userIdentity: {
      type: "IAMUser",
      arn: "arn:aws:iam::123456789012:user/alice",
      accessKeyId: "AKIAEXAMPLE",
    },
  };
  return { EventId: name, EventName: name, EventTime: 1793534400, CloudTrailEvent: JSON.stringify(record) };
}

const PAGES: Record<string, unknown> = {
  "": { Events: [lookupEvent("ListUsers"), lookupEvent("GetUser")], NextToken: "page-2" },
  "page-2": { Events: [lookupEvent("ListRoles"), { EventId: "broken", CloudTrailEvent: "{not json" }] },
};

let server: LoopbackServer;
const requests: { body: { NextToken?: string; StartTime?: number; EndTime?: number }; region: string }[] = [];

/** Other regions: one event in eu-west-1; ap-south-1 answers with an error. */
const REGION_PAGES: Record<string, unknown> = { "eu-west-1": { Events: [lookupEvent("CreateRole")] } };

before(async () => {
  server = await startLoopback((body, req) => {
    const parsed = JSON.parse(body);
    const region = /Credential=[^/]+\/\d+\/([^/]+)\//.exec(req.headers.authorization ?? "")?.[1] ?? "";
    requests.push({ body: parsed, region });
    const page = region === "us-east-1" ? PAGES[parsed.NextToken ?? ""] : REGION_PAGES[region];
    return {
      status: page ? 200 : 400,
      contentType: "application/x-amz-json-1.1",
      body: JSON.stringify(page ?? { __type: "InvalidNextTokenException", message: "bad token" }),
    };
  });
});
after(() => server.close());

/** Times at which the SDK hands each signed request to the network. */
const sentAt: number[] = [];

function client(region = "us-east-1"): CloudTrailClient {
  const cloudtrail = new CloudTrailClient({
    endpoint: server.endpoint,
    region,
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
    maxAttempts: 1,
    requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, throwOnRequestTimeout: true },
  });
  cloudtrail.middlewareStack.add(
    (next) => (args) => {
      sentAt.push(performance.now());
      return next(args);
    },
    { step: "finalizeRequest", priority: "low" },
  );
  return cloudtrail;
}

test("follows NextToken across pages, no faster than 2 requests per second", async () => {
  requests.length = 0;
  sentAt.length = 0;
  const items: ActivityItem[] = [];
  const source = cloudTrailLookupSource({ cloudtrail: () => client(), regions: async () => ["us-east-1"] });
  for await (const batch of source.read(WINDOW)) items.push(...batch);
  assert.deepEqual(
    items.flatMap((i) => (i.kind === "event" ? [i.event.eventName] : [])),
    ["ListUsers", "GetUser", "ListRoles"],
  );
  assert.deepEqual(
    items.flatMap((i) => (i.kind === "warning" ? [[i.warning.origin, i.warning.code]] : [])),
    [["LookupEvents us-east-1 page 2 [1]", "malformed-json"]],
  );
  assert.deepEqual(
    requests.map((r) => r.body.NextToken),
    [undefined, "page-2"],
  );
  assert.equal(requests[0]!.body.StartTime, Date.parse(WINDOW.start) / 1000);
  assert.equal(requests[0]!.body.EndTime, Date.parse(WINDOW.end) / 1000);
  // Measured where requests leave the client: arrival times add the first request's connection
  // setup and scheduling jitter, which says nothing about the pace requests are sent at.
  assert.equal(sentAt.length, 2);
  // Node timers may fire up to a few milliseconds early against a wall clock; the exact pacing is
  // asserted on an injected clock in the next test.
  assert.ok(sentAt[1]! - sentAt[0]! >= 490, `requests sent ${sentAt[1]! - sentAt[0]!} ms apart`);
});

test("pacing waits a full interval after each response, on an injected clock", async () => {
  let clock = 0;
  const waits: number[] = [];
  const sends: number[] = [];
  const fake = {
    send: async (command: { input: { NextToken?: string } }) => {
      sends.push(clock);
      clock += 120; // each call takes 120 ms
      const next = Number(command.input.NextToken ?? 0) + 1;
      return { Events: [], ...(next < 4 ? { NextToken: String(next) } : {}) };
    },
  };
  const source = cloudTrailLookupSource({
    cloudtrail: () => fake as never,
    regions: async () => ["us-east-1"],
    requestsPerSecond: 2,
    now: () => clock,
    sleep: async (ms) => {
      waits.push(ms);
      clock += ms;
    },
  });
  for await (const batch of source.read(WINDOW)) if (batch[0]?.kind !== "extent") assert.deepEqual(batch, []);
  // Each request starts a full interval after the previous response.
  assert.deepEqual(sends, [0, 620, 1240, 1860]);
  assert.deepEqual(waits, [500, 500, 500]);
});

test("reads every region; a region that fails is a recorded failure and the window is not read whole", async () => {
  requests.length = 0;
  const items: ActivityItem[] = [];
  const source = cloudTrailLookupSource({
    cloudtrail: (region) => client(region),
    regions: async () => ["us-east-1", "eu-west-1", "ap-south-1"],
    requestsPerSecond: 1000,
  });
  for await (const batch of source.read(WINDOW)) items.push(...batch);
  assert.deepEqual(
    items.flatMap((i) => (i.kind === "event" ? [i.event.eventName] : [])),
    ["CreateRole", "ListUsers", "GetUser", "ListRoles"],
  );
  assert.deepEqual([...new Set(requests.map((r) => r.region))].sort(), [
    "ap-south-1",
    "eu-west-1",
    "us-east-1",
  ]);
  const failed = items.flatMap((i) =>
    i.kind === "warning" && i.warning.code === "source-failed" ? [i.warning.origin] : [],
  );
  assert.deepEqual(failed, ["LookupEvents ap-south-1"]);
  const extent = items.find((i) => i.kind === "extent");
  assert.deepEqual(extent?.kind === "extent" && extent.extent, {
    regions: ["eu-west-1", "us-east-1"],
    complete: false,
  });
});

test("the source says it shows management events only", () => {
  const source = cloudTrailLookupSource({ cloudtrail: () => client(), regions: async () => [] });
  assert.deepEqual(source.logging?.data, []);
  assert.equal(source.logging?.regions, undefined);
});

test("regions named are all the source records", () => {
  const source = cloudTrailLookupSource({ cloudtrail: () => client(), regions: ["eu-west-1"] });
  assert.deepEqual(source.logging?.regions, ["eu-west-1"]);
});

test("a window reaching further back than the event history's 90 days is not read whole", async () => {
  const now = Date.parse("2026-06-01T00:00:00Z");
  const windowOf = (days: number): ActivityWindow => ({
    start: new Date(now - days * 86_400_000).toISOString(),
    end: new Date(now).toISOString(),
    days,
  });
  const readOf = async (days: number) => {
    const source = cloudTrailLookupSource({
      cloudtrail: () => ({ send: async () => ({ Events: [] }) }) as never,
      regions: ["us-east-1"],
      now: () => now,
    });
    const items: ActivityItem[] = [];
    for await (const batch of source.read(windowOf(days))) items.push(...batch);
    return {
      warnings: items.flatMap((i) => (i.kind === "warning" ? [i.warning.message] : [])),
      complete: items.flatMap((i) => (i.kind === "extent" ? [i.extent.complete] : [])),
    };
  };
  assert.deepEqual(await readOf(90), { warnings: [], complete: [true] });
  assert.deepEqual(await readOf(120), {
    warnings: ["CloudTrail's event history keeps 90 days: the window's first 30 day(s) could not be read"],
    complete: [false],
  });
});

test("a read lasting hours past a 90-day window's start loses its first hours from the history: not read whole", async () => {
  // LookupEvents pages from the newest event back: the window's oldest are read last, by which time
  // the event history may no longer hold them.
  const start = Date.parse("2026-06-01T00:00:00Z");
  let clock = start;
  const source = cloudTrailLookupSource({
    cloudtrail: () =>
      ({
        send: async () => {
          clock += 3 * 3_600_000;
          return { Events: [] };
        },
      }) as never,
    regions: ["eu-west-1", "us-east-1"],
    now: () => clock,
  });
  const window: ActivityWindow = {
    start: new Date(start - 90 * 86_400_000).toISOString(),
    end: new Date(start).toISOString(),
    days: 90,
  };
  const items: ActivityItem[] = [];
  for await (const batch of source.read(window)) items.push(...batch);
  assert.deepEqual(
    items.flatMap((i) => (i.kind === "extent" ? [i.extent.complete] : [])),
    [false],
  );
});
