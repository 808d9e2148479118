import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { READS_BUT_KMS_BASIC } from "../helpers/event-selectors.js";
import { repoRoot } from "../helpers/paths.js";

// A small account: role `worker` may send to and look up one queue and is seen calling
// GetQueueUrl; role `idle` exists all window long and is never seen. Neither has RoleLastUsed, so
// CloudTrail is the only usage evidence.
const ACCOUNT = "111122223333";
const QUEUE = `arn:aws:sqs:us-east-1:${ACCOUNT}:jobs`;
const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`;
const trust = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
};
const role = (name: string, actions: string[]) => ({
  Path: "/",
  RoleName: name,
  RoleId: `AROA${name.toUpperCase()}00000000`,
  Arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
  CreateDate: "2025-01-01T00:00:00Z",
  AssumeRolePolicyDocument: trust,
  RolePolicyList: [
    {
      PolicyName: "queue",
      PolicyDocument: {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: actions, Resource: QUEUE }],
      },
    },
  ],
});
const event = (name: string, day: string) => ({
  eventVersion: "1.08",
  eventSource: "sqs.amazonaws.com",
  eventName: name,
  eventTime: `${day}T10:00:00Z`,
  awsRegion: "us-east-1",
  recipientAccountId: ACCOUNT,
  userIdentity: {
    type: "AssumedRole",
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/worker/i-0abc`,
    accountId: ACCOUNT,
    sessionContext: {
      sessionIssuer: { type: "Role", arn: `arn:aws:iam::${ACCOUNT}:role/worker`, accountId: ACCOUNT },
    },
  },
  requestParameters: { queueName: "jobs" },
});

function account() {
  const dir = mkdtempSync(join(tmpdir(), "whittle-coverage-"));
  const snapshot = join(dir, "gaad.json");
  writeFileSync(
    snapshot,
    JSON.stringify({
      RoleDetailList: [
        role("worker", ["sqs:SendMessage", "sqs:GetQueueUrl"]),
        role("idle", ["sqs:GetQueueUrl"]),
      ],
    }),
  );
  const trail = join(dir, "trail");
  mkdirSync(trail);
  writeFileSync(join(trail, "a.json"), JSON.stringify({ Records: [event("GetQueueUrl", "2026-11-21")] }));
  const managementOnly = join(dir, "selectors.json");
  writeFileSync(
    managementOnly,
    JSON.stringify({
      EventSelectors: [{ ReadWriteType: "All", IncludeManagementEvents: true, DataResources: [] }],
    }),
  );
  const withSqs = join(dir, "selectors-sqs.json");
  writeFileSync(
    withSqs,
    JSON.stringify({
      TrailARN: TRAIL_ARN,
      AdvancedEventSelectors: [
        { FieldSelectors: [{ Field: "eventCategory", Equals: ["Management"] }] },
        {
          FieldSelectors: [
            { Field: "eventCategory", Equals: ["Data"] },
            { Field: "resources.type", Equals: ["AWS::SQS::Queue"] },
          ],
        },
      ],
    }),
  );
  // What `aws cloudtrail describe-trails` says of it: a trail of every region, so that its copy's
  // one region (us-east-1) can show what it did not see. Selectors alone leave its regions unknown.
  const everyRegion = join(dir, "trail-every-region.json");
  writeFileSync(
    everyRegion,
    JSON.stringify({
      trailList: [
        { Name: "main", TrailARN: TRAIL_ARN, IsMultiRegionTrail: true, HasCustomEventSelectors: true },
      ],
    }),
  );
  return { dir, snapshot, trail, managementOnly, withSqs, everyRegion };
}

const audit = (snapshot: string, ...args: string[]) =>
  spawnSync(
    process.execPath,
    [
      "bin/whittle.js",
      "audit",
      "--snapshot",
      snapshot,
      "--now",
      "2026-11-22T00:00:00Z",
      // One day: the trail's one record covers it (a day without any record would be a gap).
      "--days",
      "1",
      "--quiet",
      "--format",
      "json",
      ...args,
    ],
    { cwd: repoRoot, encoding: "utf8" },
  );

const byName = (
  report: { principals: { name: string; usage: string; usageReason: string }[] },
  name: string,
) => report.principals.find((p) => p.name === name)!;

describe("what the trail can see", () => {
  test("a management-only trail cannot show SendMessage: no unused-action finding, listed unobservable", () => {
    const a = account();
    const result = audit(a.snapshot, "--cloudtrail", a.trail, "--event-selectors", a.managementOnly);
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout);
    const unusedActions = report.findings.filter((f: { kind: string }) => f.kind === "unused-action");
    assert.ok(!unusedActions.some((f: { actions?: string[] }) => f.actions?.includes("sqs:SendMessage")));
    const rec = report.recommendations.find((r: { principalArn: string }) =>
      r.principalArn.endsWith("role/worker"),
    );
    assert.ok(rec.unobservableActions.includes("sqs:SendMessage"), JSON.stringify(rec.unobservableActions));
    assert.ok(!rec.removedActions.includes("sqs:GetQueueUrl"));
    assert.deepEqual(report.coverage[0].loggedDataEvents, []);
  });

  test("a trail that logs SQS data events could have shown SendMessage: now it is unused", () => {
    const a = account();
    const result = audit(
      a.snapshot,
      "--cloudtrail",
      a.trail,
      "--event-selectors",
      a.withSqs,
      "--event-selectors",
      a.everyRegion,
    );
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout);
    assert.deepEqual(report.coverage[0].loggedDataEvents, ["AWS::SQS::Queue"]);
    const finding = report.findings.find(
      (f: { kind: string; actions?: string[] }) =>
        f.kind === "unused-action" && f.actions?.includes("sqs:SendMessage"),
    );
    assert.ok(finding, "SendMessage is observable and not seen");
  });

  test("the same selectors without the trail's description: its copy shows one region, so nothing is unused", () => {
    const a = account();
    const result = audit(a.snapshot, "--cloudtrail", a.trail, "--event-selectors", a.withSqs);
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout);
    assert.ok(!report.findings.some((f: { kind: string }) => f.kind === "unused-action"));
    assert.ok(
      report.sources.problems.some((p: { code: string }) => p.code === "trail-regions-not-shown"),
      JSON.stringify(report.sources.problems),
    );
  });
});

describe("management events excluded on one side only (--event-selectors)", () => {
  test("KMS left out of read events only: KMS reads are kept as unobservable, KMS writes can be unused", () => {
    const a = account();
    const worker = role("worker", ["sqs:SendMessage", "sqs:GetQueueUrl"]);
    worker.RolePolicyList.push({
      PolicyName: "keys",
      PolicyDocument: {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: ["kms:DescribeKey", "kms:CreateKey"], Resource: "*" }],
      },
    });
    const snapshot = join(a.dir, "gaad-keys.json");
    writeFileSync(snapshot, JSON.stringify({ RoleDetailList: [worker] }));
    const selectors = join(a.dir, "selectors-reads-without-kms.json");
    writeFileSync(selectors, JSON.stringify({ TrailARN: TRAIL_ARN, ...READS_BUT_KMS_BASIC }));
    const result = audit(
      snapshot,
      "--cloudtrail",
      a.trail,
      "--event-selectors",
      selectors,
      "--event-selectors",
      a.everyRegion,
    );
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout);
    const rec = report.recommendations.find((r: { principalArn: string }) =>
      r.principalArn.endsWith("role/worker"),
    );
    assert.ok(rec.unobservableActions.includes("kms:DescribeKey"), JSON.stringify(rec.unobservableActions));
    assert.ok(!rec.removedActions.includes("kms:DescribeKey"), JSON.stringify(rec.removedActions));
    assert.ok(rec.removedActions.includes("kms:CreateKey"), JSON.stringify(rec.removedActions));
  });
});

describe("whether the trail records every region", () => {
  const described = (dir: string, trail: Record<string, unknown>) => {
    const path = join(dir, "describe-trails.json");
    writeFileSync(
      path,
      JSON.stringify({
        trailList: [
          { Name: "main", TrailARN: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`, ...trail },
        ],
      }),
    );
    return path;
  };

  test("a trail described as single-region shows nothing unused: its silence says nothing of other regions", () => {
    const a = account();
    const single = described(a.dir, {
      HomeRegion: "us-east-1",
      IsMultiRegionTrail: false,
      HasCustomEventSelectors: false,
    });
    const result = audit(a.snapshot, "--cloudtrail", a.trail, "--event-selectors", single);
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout);
    assert.equal(byName(report, "idle").usage, "unknown");
    assert.ok(!report.findings.some((f: { kind: string }) => f.kind === "unused-role"));
  });

  test("a trail described as multi-region, without custom selectors, can show the idle role unused", () => {
    const a = account();
    const multi = described(a.dir, {
      HomeRegion: "us-east-1",
      IsMultiRegionTrail: true,
      HasCustomEventSelectors: false,
    });
    const report = JSON.parse(audit(a.snapshot, "--cloudtrail", a.trail, "--event-selectors", multi).stdout);
    assert.equal(byName(report, "idle").usage, "unused");
  });

  test("a trail described with custom selectors that are not given is an input error", () => {
    const a = account();
    const custom = described(a.dir, { IsMultiRegionTrail: true, HasCustomEventSelectors: true });
    const result = audit(a.snapshot, "--cloudtrail", a.trail, "--event-selectors", custom);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /custom event selectors.*get-event-selectors/);
  });
});

describe("what was actually read", () => {
  test("complete coverage of one region, undescribed: the seen role is used, the idle one unknown", () => {
    // Files of us-east-1 alone may be a single-region trail's: the idle role may work elsewhere.
    const a = account();
    const report = JSON.parse(audit(a.snapshot, "--cloudtrail", a.trail).stdout);
    assert.equal(report.coverage[0].complete, true);
    assert.deepEqual(report.coverage[0].accounts, [ACCOUNT]);
    assert.deepEqual(report.coverage[0].regions, ["us-east-1"]);
    assert.equal(byName(report, "worker").usage, "used");
    assert.equal(byName(report, "idle").usage, "unknown");
    assert.ok(!report.findings.some((f: { kind: string }) => f.kind.startsWith("unused-")));
    assert.ok(report.sources.problems.some((p: { code: string }) => p.code === "trail-regions-not-shown"));
  });

  test("a day of the window no record falls on is a gap: the idle role is unknown, the day listed", () => {
    const a = account();
    const result = audit(a.snapshot, "--cloudtrail", a.trail, "--days", "2");
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout);
    assert.equal(report.coverage[0].complete, false);
    assert.deepEqual(report.coverage[0].gaps, [
      { account: ACCOUNT, region: "us-east-1", days: ["2026-11-20"] },
    ]);
    assert.equal(byName(report, "worker").usage, "used");
    assert.equal(byName(report, "idle").usage, "unknown");
    assert.match(byName(report, "idle").usageReason, /no log for 1 day\(s\)/);
    assert.ok(!report.findings.some((f: { kind: string }) => f.kind.startsWith("unused-")));
  });

  test("a damaged file beside good ones: the idle role is unknown, never unused", () => {
    const a = account();
    writeFileSync(join(a.trail, "b.json"), '{"Records": [{"eventSource": "sqs.amaz');
    const result = audit(a.snapshot, "--cloudtrail", a.trail);
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout);
    assert.equal(report.coverage[0].complete, false);
    assert.equal(report.coverage[0].failures.length, 1);
    assert.equal(byName(report, "worker").usage, "used");
    assert.equal(byName(report, "idle").usage, "unknown");
    assert.match(byName(report, "idle").usageReason, /b\.json/);
    assert.ok(!report.findings.some((f: { kind: string }) => f.kind.startsWith("unused-")));
  });

  for (const [name, setup] of [
    ["an empty folder", (dir: string) => mkdirSync(join(dir, "empty"))],
    ["a path that does not exist", () => {}],
    [
      "a folder holding only a truncated file",
      (dir: string) => {
        mkdirSync(join(dir, "cut"));
        writeFileSync(join(dir, "cut", "x.json"), '{"Records": [{"eventSo');
      },
    ],
  ] as const) {
    test(`--cloudtrail at ${name} is an input error: exit 2, one line`, () => {
      const a = account();
      const path = join(
        a.dir,
        name === "an empty folder" ? "empty" : name === "a path that does not exist" ? "missing" : "cut",
      );
      setup(a.dir);
      const result = audit(a.snapshot, "--cloudtrail", path);
      assert.equal(result.status, 2, result.stdout);
      assert.match(result.stderr, /no readable CloudTrail record/);
      const errors = result.stderr
        .trim()
        .split("\n")
        .filter((line) => !line.startsWith("whittle: warning:"));
      assert.equal(errors.length, 1, result.stderr);
    });
  }

  test("--event-selectors naming a file that is not selectors is an input error", () => {
    const a = account();
    const result = audit(a.snapshot, "--cloudtrail", a.trail, "--event-selectors", a.snapshot);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /get-event-selectors/);
  });
});
