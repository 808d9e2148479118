import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { ActivityItem } from "../../../core/engine/activity/types.js";
import type { Report } from "../../../core/engine/report/schema.js";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { ACCOUNT, group, role, snapshotWith, user } from "../../helpers/snapshot-fixture.js";

const inline = (Action: string | string[], Resource = "*") => ({
  name: "own",
  document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action, Resource }] },
});

const event = eventItem;
const sessionOf = roleSession;
const listBuckets = (userIdentity: object) =>
  event({ eventSource: "s3.amazonaws.com", eventName: "ListBuckets", userIdentity });
const unusedActions = (report: Report, arn: string) =>
  report.findings
    .filter((f) => f.principalArn === arn && f.kind === "unused-action")
    .flatMap((f) => f.actions ?? []);

describe("activity that does not cover the window", () => {
  // Both actions are management events: a trail that covered the window would show DeleteBucket.
  const app = role("app", { inlinePolicies: [inline(["s3:ListAllMyBuckets", "s3:DeleteBucket"])] });
  const gaps: [string, ActivityItem][] = [
    [
      "a file that could not be read",
      {
        kind: "warning",
        warning: { origin: "2026/05/03/a.json.gz", code: "unreadable", message: "unexpected end of file" },
      },
    ],
    [
      "a region the source could not reach",
      { kind: "extent", extent: { regions: ["us-east-1"], complete: false } },
    ],
    [
      // ISO 8601 to the minute, as an export may write it: the aggregate cannot place it in the
      // window and sets it aside, so the DeleteBucket it holds is never counted.
      "a record whose time cannot be read",
      event({
        eventSource: "s3.amazonaws.com",
        eventName: "DeleteBucket",
        eventTime: "2026-05-03T10:00Z",
        userIdentity: sessionOf(app.arn, "app"),
      }),
    ],
  ];
  for (const [what, gap] of gaps) {
    test(`with ${what}, no unseen action is removed or called unused`, async () => {
      const report = await auditOf(snapshotWith({ roles: [app] }), [
        listBuckets(sessionOf(app.arn, "app")),
        gap,
      ]);
      assert.equal(report.coverage?.[0]?.complete, false);
      assert.deepEqual(report.recommendations, [], "a policy without DeleteBucket could break the role");
      const unproven = report.findings.find((f) => f.kind === "recommendation-unproven");
      assert.equal(unproven?.principalArn, app.arn);
      assert.match(unproven?.detail ?? "", /does not cover the window/);
      assert.deepEqual(unusedActions(report, app.arn), []);
      assert.equal(report.principals.find((p) => p.arn === app.arn)?.usage, "used");
    });
  }

  test("the same role and trail, read whole, get a proven recommendation that removes DeleteBucket", async () => {
    const report = await auditOf(snapshotWith({ roles: [app] }), [listBuckets(sessionOf(app.arn, "app"))]);
    const rec = report.recommendations.find((r) => r.principalArn === app.arn);
    assert.deepEqual(rec?.removedActions, ["s3:DeleteBucket"]);
    assert.equal(rec?.removedVerified, 1);
    assert.deepEqual(unusedActions(report, app.arn), ["s3:DeleteBucket"]);
  });

  test("with a gap, no group plan removes what its members were not seen doing", async () => {
    const ops = group("ops", { inlinePolicies: [inline(["s3:ListAllMyBuckets", "s3:DeleteBucket"])] });
    const dev = user("dev", { groups: ["ops"] });
    const identity = {
      type: "IAMUser",
      arn: dev.arn,
      accountId: ACCOUNT,
      userName: "dev",
      accessKeyId: "AKIAEXAMPLEKEY000001",
    };
    const failed: ActivityItem = {
      kind: "warning",
      warning: { origin: "page 3", code: "source-failed", message: "throttled" },
    };
    const snapshot = snapshotWith({ users: [dev], groups: [ops] });
    const whole = await auditOf(snapshot, [listBuckets(identity)]);
    assert.ok(
      whole.plans.some((p) => p.target.arn === ops.arn),
      "planned when the trail covers the window",
    );
    const partial = await auditOf(snapshot, [listBuckets(identity), failed]);
    assert.deepEqual(partial.plans, []);
  });
});

describe("an action the trail shows refused and never allowed", () => {
  const job = role("job", {
    inlinePolicies: [inline(["s3:ListAllMyBuckets", "s3:DeleteBucket", "s3:PutBucketPolicy"])],
  });
  // Refused on May 20th, then granted: the next run needs it, and nothing since showed it unused.
  const refused = event({
    eventSource: "s3.amazonaws.com",
    eventName: "DeleteBucket",
    userIdentity: sessionOf(job.arn, "job"),
    requestParameters: { bucketName: "scratch" },
    errorCode: "AccessDenied",
    errorMessage: "Access Denied",
  });

  test("is kept where the current policies allow it: the workload is seen needing it", async () => {
    const report = await auditOf(snapshotWith({ roles: [job] }), [
      listBuckets(sessionOf(job.arn, "job")),
      refused,
    ]);
    const rec = report.recommendations.find((r) => r.principalArn === job.arn);
    assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true });
    assert.deepEqual(rec?.removedActions, ["s3:PutBucketPolicy"]);
    assert.deepEqual(rec?.observedActions, ["s3:ListAllMyBuckets"]);
  });
});

describe("a principal whose evidence starts inside the window", () => {
  // The fixture window is [2026-03-03, 2026-06-01): created ten days before the audit.
  const young = { createDate: "2026-05-22T00:00:00Z" };
  const policy = [inline(["s3:ListAllMyBuckets", "s3:DeleteBucket"])];
  const at = (item: ActivityItem, eventTime: string): ActivityItem =>
    item.kind === "event" ? { ...item, event: { ...item.event, eventTime } } : item;

  test("a role created ten days ago gets no recommendation: its monthly DeleteBucket is not unused", async () => {
    const job = role("monthly", { ...young, inlinePolicies: policy });
    const report = await auditOf(snapshotWith({ roles: [job] }), [
      at(listBuckets(sessionOf(job.arn, "monthly")), "2026-05-25T00:00:00Z"),
    ]);
    assert.deepEqual(report.recommendations, [], "a policy without DeleteBucket could break its first run");
    const unproven = report.findings.find((f) => f.kind === "recommendation-unproven");
    assert.equal(unproven?.principalArn, job.arn);
    assert.match(
      unproven?.detail ?? "",
      /evidence starts at 2026-05-22T00:00:00Z \(created 2026-05-22T00:00:00Z, first in the trail 2026-05-25T00:00:00Z\), inside the window: the window saw it for less than its length/,
    );
  });

  test("one the trail shows at work from the window's first day is judged on the window, whatever its creation date", async () => {
    // Re-created under its name after the window began, or created by an emulator after its trail was written.
    for (const createDate of ["2026-05-22T00:00:00Z", "2026-12-03T00:00:00Z"]) {
      const job = role("recreated", { createDate, inlinePolicies: policy });
      const calls = sessionOf(job.arn, "recreated");
      const report = await auditOf(snapshotWith({ roles: [job] }), [
        at(listBuckets(calls), "2026-03-03T20:00:00Z"),
        listBuckets(calls),
      ]);
      const rec = report.recommendations.find((r) => r.principalArn === job.arn);
      assert.deepEqual(rec?.removedActions, ["s3:DeleteBucket"], createDate);
    }
  });

  test("first seen two days after the window's start, after its creation date, it gets no recommendation", async () => {
    const job = role("later", { createDate: "2026-12-03T00:00:00Z", inlinePolicies: policy });
    const report = await auditOf(snapshotWith({ roles: [job] }), [
      at(listBuckets(sessionOf(job.arn, "later")), "2026-03-05T00:00:00Z"),
    ]);
    assert.deepEqual(report.recommendations, []);
    const unproven = report.findings.find((f) => f.kind === "recommendation-unproven");
    assert.match(unproven?.detail ?? "", /evidence starts at 2026-03-05T00:00:00Z/);
  });

  test("one created before the window is judged on it, however late the trail first shows it", async () => {
    const job = role("old", { inlinePolicies: policy });
    const report = await auditOf(snapshotWith({ roles: [job] }), [listBuckets(sessionOf(job.arn, "old"))]);
    assert.deepEqual(report.recommendations[0]?.removedActions, ["s3:DeleteBucket"]);
  });

  test("is no member a group plan is minimized from, unless the trail shows it from the window's start", async () => {
    const ops = group("ops", { inlinePolicies: policy });
    const dev = user("dev", { ...young, groups: ["ops"] });
    const identity = { type: "IAMUser", arn: dev.arn, accountId: ACCOUNT, userName: "dev" };
    const snapshot = snapshotWith({ users: [dev], groups: [ops] });
    const report = await auditOf(snapshot, [listBuckets(identity)]);
    assert.ok(!report.plans.some((p) => p.target.arn === ops.arn), JSON.stringify(report.plans));
    const unproven = report.findings.find(
      (f) => f.kind === "recommendation-unproven" && f.principalArn === ops.arn,
    );
    assert.match(unproven?.detail ?? "", /seen for part of the window only/);
    assert.deepEqual(unproven?.evidence.violations, [
      "dev: evidence starts at 2026-05-20T00:00:00Z (created 2026-05-22T00:00:00Z, first in the trail 2026-05-20T00:00:00Z)",
    ]);
    const seen = await auditOf(snapshot, [at(listBuckets(identity), "2026-03-03T09:00:00Z")]);
    assert.ok(
      seen.plans.some((p) => p.target.arn === ops.arn),
      JSON.stringify(seen.findings),
    );
  });
});

describe("an action the trail shows allowed on some resources and refused on others", () => {
  const bucket = (name: string) => `arn:aws:s3:::${name}`;
  const admin = role("bucket-admin", {
    inlinePolicies: [
      {
        name: "own",
        document: {
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Action: "s3:PutBucketPolicy", Resource: [bucket("data"), bucket("archive")] },
            { Effect: "Allow", Action: "s3:DeleteBucket", Resource: "*" },
          ],
        },
      },
    ],
  });
  const put = (name: string, refused: boolean) =>
    event({
      eventSource: "s3.amazonaws.com",
      eventName: "PutBucketPolicy",
      userIdentity: sessionOf(admin.arn, "bucket-admin"),
      requestParameters: { bucketName: name },
      ...(refused ? { errorCode: "AccessDenied" } : {}),
    });

  test("keeps it on the refused resources today's policies grant, and only on those", async () => {
    const report = await auditOf(snapshotWith({ roles: [admin] }), [
      put("data", false),
      put("archive", true),
      put("secret", true),
    ]);
    const rec = report.recommendations.find((r) => r.principalArn === admin.arn);
    assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true });
    const resources = rec!.policies
      .flatMap((p) => p.document.Statement)
      .filter((s) => s.Action?.includes("s3:PutBucketPolicy"))
      .flatMap((s) => s.Resource ?? []);
    assert.deepEqual(resources.sort(), [bucket("archive"), bucket("data")]);
    assert.deepEqual(rec?.removedActions, ["s3:DeleteBucket"]);
  });
});
