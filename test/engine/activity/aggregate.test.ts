import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ActivityAggregator, isDenied } from "../../../core/engine/activity/aggregate.js";
import type { CloudTrailEvent } from "../../../core/engine/activity/types.js";
import { loadCatalog } from "../../../core/node/load-catalog.js";

const catalog = loadCatalog();
const ALICE = "arn:aws:iam::123456789012:user/alice";
const ROLE = "arn:aws:iam::123456789012:role/app";

/** A read of an object S3 encrypted with its own keys, which needs no KMS key. */
function s3Get(key: string, time: string, extra: Partial<CloudTrailEvent> = {}): CloudTrailEvent {
  return {
    additionalEventData: { SSEApplied: "SSE_S3" },
    eventSource: "s3.amazonaws.com",
    eventName: "GetObject",
    eventTime: time,
    awsRegion: "us-east-1",
    recipientAccountId: "123456789012",
    userIdentity: { type: "IAMUser", arn: ALICE, accessKeyId: "AKIA1" },
    requestParameters: { bucketName: "data", key },
    ...extra,
  };
}

function aggregate(events: CloudTrailEvent[], options = {}) {
  const aggregator = new ActivityAggregator(catalog, options);
  for (const e of events) aggregator.addEvent(e);
  return aggregator.result();
}

describe("per (principal, action)", () => {
  test("counts calls, first and last seen, regions and resources", () => {
    const result = aggregate([
      s3Get("b", "2026-11-02T00:00:00Z", { awsRegion: "eu-west-1" }),
      s3Get("a", "2026-11-01T00:00:00Z"),
      s3Get("a", "2026-11-03T00:00:00Z"),
    ]);
    assert.deepEqual(result.principals[0]?.actions, [
      {
        action: "s3:GetObject",
        count: 3,
        denied: 0,
        firstSeen: "2026-11-01T00:00:00Z",
        lastSeen: "2026-11-03T00:00:00Z",
        regions: ["eu-west-1", "us-east-1"],
        resources: ["arn:aws:s3:::data/a", "arn:aws:s3:::data/b"],
        resourceOverflow: 0,
        unscoped: 0,
        authorizations: [
          { resource: "arn:aws:s3:::data/a", region: "us-east-1", count: 2 },
          { resource: "arn:aws:s3:::data/b", region: "eu-west-1", count: 1 },
        ],
        authorizationOverflow: 0,
      },
    ]);
  });

  test("a call refused for its credentials (an expired session) does not make the action used", () => {
    const result = aggregate([
      s3Get("a", "2026-11-01T00:00:00Z", { errorCode: "ExpiredToken" }),
      s3Get("a", "2026-11-02T00:00:00Z", { errorCode: "AuthorizationError" }),
    ]);
    const usage = result.principals[0]!.actions[0]!;
    assert.equal(usage.count, 0);
    assert.equal(usage.denied, 2);
  });

  test("a call refused before its signer was proven is no one's: tallied as unauthenticated, not denied", () => {
    const result = aggregate([
      s3Get("a", "2026-11-01T00:00:00Z", { errorCode: "SignatureDoesNotMatch" }),
      s3Get("a", "2026-11-02T00:00:00Z", { errorCode: "InvalidAccessKeyId" }),
    ]);
    assert.deepEqual(result.principals, []);
    assert.deepEqual(
      result.ignored.map((i) => [i.eventName, i.class, i.count]),
      [["GetObject", "unauthenticated", 2]],
    );
  });

  test("denied calls are counted apart and do not make the action used", () => {
    const result = aggregate([
      s3Get("a", "2026-11-01T00:00:00Z", { errorCode: "AccessDenied" }),
      s3Get("a", "2026-11-02T00:00:00Z", { errorCode: "NoSuchKey" }),
    ]);
    const usage = result.principals[0]!.actions[0]!;
    assert.equal(usage.count, 1);
    assert.equal(usage.denied, 1);
    assert.equal(usage.lastDenied, "2026-11-01T00:00:00Z");
    assert.equal(usage.firstSeen, "2026-11-02T00:00:00Z");
  });

  test("resources of refused calls are kept apart from those of allowed calls, within the bound", () => {
    const denied = { errorCode: "AccessDenied" };
    const result = aggregate(
      [
        s3Get("a", "2026-11-01T00:00:00Z"),
        s3Get("b", "2026-11-02T00:00:00Z", denied),
        s3Get("b", "2026-11-03T00:00:00Z", denied),
        s3Get("c", "2026-11-04T00:00:00Z", denied),
        s3Get("d", "2026-11-05T00:00:00Z", denied),
      ],
      { maxResources: 2 },
    );
    const usage = result.principals[0]!.actions[0]!;
    assert.deepEqual(usage.resources, ["arn:aws:s3:::data/a"]);
    assert.deepEqual(usage.refusedResources, ["arn:aws:s3:::data/b", "arn:aws:s3:::data/c"]);
    // The call on d was not kept: the generator keeps the action's current scope for it.
    assert.equal(usage.refusedUnscoped, 1);
    assert.equal(usage.denied, 4);
  });

  test("past the bound, resources fold into ARN-structure patterns that still cover every one seen", () => {
    const events = Array.from({ length: 10 }, (_, i) => s3Get(`k${i}`, "2026-11-01T00:00:00Z"));
    const usage = aggregate(events, { maxResources: 3 }).principals[0]!.actions[0]!;
    assert.deepEqual(usage.resources, ["arn:aws:s3:::data/*"]);
    assert.equal(usage.resourceOverflow, 0);
    assert.equal(usage.count, 10);
  });

  test("resources that cannot fold past the bound are counted as overflow, never lost silently", () => {
    const buckets = Array.from({ length: 6 }, (_, i) => ({
      ...s3Get("k", "2026-11-01T00:00:00Z"),
      requestParameters: { bucketName: `b${i}` },
    }));
    const usage = aggregate(
      buckets.map((e) => ({ ...e, eventName: "ListObjects" })),
      { maxResources: 3 },
    ).principals[0]!.actions[0]!;
    assert.equal(usage.resources.length, 3);
    assert.equal(usage.resourceOverflow, 3);
    assert.equal(usage.count, 6);
  });

  test("a call with no nameable resource is counted as unscoped", () => {
    const usage = aggregate([s3Get("a", "2026-11-01T00:00:00Z", { requestParameters: null })]).principals[0]!
      .actions[0]!;
    assert.equal(usage.unscoped, 1);
    assert.deepEqual(usage.resources, []);
  });

  test("a multi-action event counts each action", () => {
    const copy: CloudTrailEvent = {
      ...s3Get("dst", "2026-11-01T00:00:00Z"),
      eventName: "CopyObject",
      requestParameters: { bucketName: "data", key: "dst", "x-amz-copy-source": "src/obj" },
    };
    const actions = aggregate([copy]).principals[0]!.actions;
    // The source's tags, copied by default, may need their own read and write (inferred); the
    // new object is S3's own keys' (SSE_S3), the source's key may be a KMS key no record names.
    assert.deepEqual(
      actions.map((a) => [a.action, a.resources, a.inferred ?? false]),
      [
        ["kms:Decrypt", [], true],
        ["s3:GetObject", ["arn:aws:s3:::src/obj"], false],
        ["s3:GetObjectTagging", ["arn:aws:s3:::src/obj"], true],
        ["s3:PutObject", ["arn:aws:s3:::data/dst"], false],
        ["s3:PutObjectTagging", ["arn:aws:s3:::data/dst"], true],
      ],
    );
  });
});

describe("per principal", () => {
  test("access keys of a user are listed with their use", () => {
    const result = aggregate([
      s3Get("a", "2026-11-01T00:00:00Z"),
      s3Get("a", "2026-11-05T00:00:00Z", {
        userIdentity: { type: "IAMUser", arn: ALICE, accessKeyId: "AKIA2" },
      }),
      s3Get("a", "2026-11-03T00:00:00Z"),
    ]);
    assert.deepEqual(result.principals[0]!.accessKeys, [
      { accessKeyId: "AKIA1", count: 2, lastSeen: "2026-11-03T00:00:00Z" },
      { accessKeyId: "AKIA2", count: 1, lastSeen: "2026-11-05T00:00:00Z" },
    ]);
    assert.equal(result.principals[0]!.lastSeen, "2026-11-05T00:00:00Z");
  });

  test("role sessions fold into their role; services and other accounts are kept apart", () => {
    const session = (name: string) =>
      s3Get("a", "2026-11-01T00:00:00Z", {
        userIdentity: {
          type: "AssumedRole",
          arn: `arn:aws:sts::123456789012:assumed-role/app/${name}`,
          sessionContext: { sessionIssuer: { arn: ROLE } },
        },
      });
    const result = aggregate([
      session("one"),
      session("two"),
      s3Get("a", "2026-11-01T00:00:00Z", {
        userIdentity: { type: "AWSService", invokedBy: "backup.amazonaws.com" },
      }),
      s3Get("a", "2026-11-01T00:00:00Z", { userIdentity: { type: "AWSAccount", accountId: "111122223333" } }),
    ]);
    assert.deepEqual(
      result.principals.map((p) => [p.principal.id, p.events]),
      [[ROLE, 2]],
    );
    assert.deepEqual(
      result.external.map((p) => p.principal.id),
      ["account:111122223333", "service:backup.amazonaws.com"],
    );
  });
});

describe("nothing is dropped in silence", () => {
  test("unmapped events are counted per eventSource and eventName", () => {
    const odd = { ...s3Get("a", "2026-11-01T00:00:00Z"), eventName: "Frobnicate" };
    const result = aggregate([odd, odd, { ...odd, eventSource: "nowhere.example.com" }]);
    assert.deepEqual(result.unmapped, [
      { eventSource: "nowhere.example.com", eventName: "Frobnicate", count: 1, reason: "unknown-service" },
      { eventSource: "s3.amazonaws.com", eventName: "Frobnicate", count: 2, reason: "unknown-action" },
    ]);
    assert.equal(result.events, 3);
  });

  test("no-permission and non-API events are counted as ignored, by class, and show their identity in use", () => {
    const base = s3Get("a", "2026-11-01T00:00:00Z");
    const result = aggregate([
      { ...base, eventSource: "sts.amazonaws.com", eventName: "GetCallerIdentity" },
      {
        ...base,
        eventSource: "signin.amazonaws.com",
        eventName: "ConsoleLogin",
        eventType: "AwsConsoleSignIn",
      },
    ]);
    assert.deepEqual(
      result.ignored.map((i) => [i.eventName, i.class, i.count]),
      [
        ["ConsoleLogin", "non-api", 1],
        ["GetCallerIdentity", "no-permission", 1],
      ],
    );
    // Seen, so never called unused; but no action was used.
    assert.deepEqual(
      result.principals.map((p) => [p.principal.id, p.events, p.lastSeen, p.actions]),
      [[base.userIdentity?.arn, 2, "2026-11-01T00:00:00Z", []]],
    );
  });

  test("a refused console sign-in is tallied but is no use of the user: anyone may type its name", () => {
    // As CloudTrail records it: the user's name, no ARN, no errorCode.
    const failed: CloudTrailEvent = {
      eventSource: "signin.amazonaws.com",
      eventName: "ConsoleLogin",
      eventType: "AwsConsoleSignIn",
      eventTime: "2026-11-01T00:00:00Z",
      awsRegion: "us-east-1",
      userIdentity: {
        type: "IAMUser",
        principalId: "AIDAEXAMPLE",
        accountId: "123456789012",
        accessKeyId: "",
        userName: "alice",
      },
      errorMessage: "Failed authentication",
      responseElements: { ConsoleLogin: "Failure" },
    };
    const { errorMessage: _, ...onlyOutcome } = failed;
    for (const event of [failed, onlyOutcome]) {
      const result = aggregate([event]);
      assert.deepEqual(result.principals, []);
      assert.deepEqual(
        result.ignored.map((i) => [i.eventName, i.count]),
        [["ConsoleLogin", 1]],
      );
    }
    const success = { ...onlyOutcome, responseElements: { ConsoleLogin: "Success" } };
    assert.deepEqual(
      aggregate([success]).principals.map((p) => p.principal.id),
      [ALICE],
    );
  });

  test("an accepted console sign-in is kept as the user's last password use; a refused one is not", () => {
    const signIn = (time: string, outcome: string): CloudTrailEvent => ({
      eventSource: "signin.amazonaws.com",
      eventName: "ConsoleLogin",
      eventType: "AwsConsoleSignIn",
      eventTime: time,
      awsRegion: "us-east-1",
      userIdentity: { type: "IAMUser", arn: ALICE, accountId: "123456789012" },
      responseElements: { ConsoleLogin: outcome },
    });
    const [alice] = aggregate([
      signIn("2026-11-01T00:00:00Z", "Success"),
      signIn("2026-11-05T00:00:00Z", "Success"),
      signIn("2026-11-09T00:00:00Z", "Failure"),
    ]).principals;
    assert.equal(alice?.consoleSignIn, "2026-11-05T00:00:00Z");
    const [caller] = aggregate([s3Get("k", "2026-11-01T00:00:00Z")]).principals;
    assert.equal(caller?.consoleSignIn, undefined);
  });

  test("events outside the window are tallied, not aggregated", () => {
    const window = { start: "2026-11-02T00:00:00Z", end: "2026-11-03T00:00:00Z" };
    const result = aggregate(
      [
        s3Get("a", "2026-11-01T23:59:59Z"),
        s3Get("a", "2026-11-02T12:00:00Z"),
        s3Get("a", "2026-11-03T00:00:00Z"),
      ],
      { window },
    );
    assert.equal(result.outsideWindow, 2);
    assert.equal(result.principals[0]!.actions[0]!.count, 1);
  });

  test("times in the canonical shape but out of range (month 13, February 30, minute 99) become warnings, not calls", () => {
    for (const time of ["2026-13-45T99:99:99Z", "2026-02-30T10:00:00Z", "2026-11-01 10:99:00"]) {
      const result = aggregate([s3Get("a", "2026-11-01T10:00:00Z"), s3Get("b", time)]);
      assert.deepEqual(
        result.principals.flatMap((p) => p.actions.map((a) => a.firstSeen)),
        ["2026-11-01T10:00:00Z"],
        time,
      );
      assert.deepEqual(
        result.warnings.map((w) => [w.code, w.message]),
        [["invalid-record", `unreadable time ${time}`]],
      );
    }
  });

  test("non-canonical times are normalized; unreadable ones become warnings", () => {
    const result = aggregate([s3Get("a", "2026-11-01 10:00:00.000000000"), s3Get("a", "yesterday")]);
    assert.equal(result.principals[0]!.actions[0]!.firstSeen, "2026-11-01T10:00:00Z");
    assert.deepEqual(
      result.warnings.map((w) => w.code),
      ["invalid-record"],
    );
  });
});

test("memory follows distinct tuples, not events: 20,000 calls on one key make one tuple", () => {
  const aggregator = new ActivityAggregator(catalog);
  for (let i = 0; i < 20_000; i++) aggregator.addEvent(s3Get("same", "2026-11-01T00:00:00Z"));
  const result = aggregator.result();
  assert.equal(result.principals.length, 1);
  assert.equal(result.principals[0]!.actions.length, 1);
  assert.equal(result.principals[0]!.actions[0]!.count, 20_000);
});

test("the same events give the same aggregate, whatever the principal order", () => {
  const a = s3Get("a", "2026-11-01T00:00:00Z");
  const b = s3Get("b", "2026-11-01T00:00:00Z", {
    userIdentity: { type: "IAMUser", arn: "arn:aws:iam::123456789012:user/zed" },
  });
  assert.deepEqual(aggregate([a, b]), aggregate([b, a]));
});

test("access-denied error codes, and only those, count as denied", () => {
  for (const code of [
    "AccessDenied",
    "AccessDeniedException",
    "Client.UnauthorizedOperation",
    "UnauthorizedOperation",
  ]) {
    assert.equal(isDenied(code), true, code);
  }
  for (const code of ["NoSuchKey", "ThrottlingException", undefined, 42])
    assert.equal(isDenied(code), false, String(code));
});

describe("recorded request context", () => {
  const call = (extra: Partial<CloudTrailEvent>) => s3Get("a", "2026-11-01T00:00:00Z", extra);
  test("the region always; the source IP and VPC endpoint only when asked, and an IP only when it is one", () => {
    const kept = (
      context: { sourceIp?: boolean; vpcEndpoint?: boolean },
      extra: Partial<CloudTrailEvent>,
    ) => {
      const aggregator = new ActivityAggregator(catalog, { context });
      aggregator.addEvent(call(extra));
      return aggregator.result().principals[0]!.actions[0]!.authorizations[0];
    };
    const extra = { sourceIPAddress: "192.0.2.1", vpcEndpointId: "vpce-1" };
    assert.deepEqual(kept({}, extra), { resource: "arn:aws:s3:::data/a", region: "us-east-1", count: 1 });
    assert.deepEqual(kept({ sourceIp: true, vpcEndpoint: true }, extra), {
      resource: "arn:aws:s3:::data/a",
      region: "us-east-1",
      sourceIp: "192.0.2.1",
      vpcEndpoint: "vpce-1",
      count: 1,
    });
    assert.equal(kept({ sourceIp: true }, { sourceIPAddress: "lambda.amazonaws.com" })?.sourceIp, undefined);
  });
  test("past the bound, authorizations are counted, not kept", () => {
    const aggregator = new ActivityAggregator(catalog, { maxAuthorizations: 2 });
    for (const key of ["a", "b", "c", "a"]) aggregator.addEvent(s3Get(key, "2026-11-01T00:00:00Z"));
    const usage = aggregator.result().principals[0]!.actions[0]!;
    assert.deepEqual([usage.authorizations.length, usage.authorizationOverflow], [2, 1]);
  });
});
