import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { ActivityItem, CloudTrailEvent } from "../../../core/engine/activity/types.js";
import type { Report } from "../../../core/engine/report/schema.js";
import { auditOf, roleSession } from "../../helpers/audit-fixture.js";
import { managed } from "../../helpers/plan-fixture.js";
import { ACCOUNT, group, role, snapshotWith, user } from "../../helpers/snapshot-fixture.js";

const allow = (Action: string[]) => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action, Resource: "*" }],
});
const inline = (name: string, actions: string[]) => ({ name, document: allow(actions) });
const event = (e: Partial<CloudTrailEvent>): ActivityItem => ({
  kind: "event",
  event: {
    eventTime: "2026-05-20T00:00:00Z",
    awsRegion: "us-east-1",
    recipientAccountId: ACCOUNT,
    ...e,
  } as CloudTrailEvent,
});
const admin = {
  type: "IAMUser",
  arn: `arn:aws:iam::${ACCOUNT}:user/admin`,
  accountId: ACCOUNT,
  userName: "admin",
};
/** An administrator's IAM call on May 25th, a week before the audit. */
const iamCall = (eventName: string, requestParameters: Record<string, unknown>, errorCode?: string) =>
  event({
    eventSource: "iam.amazonaws.com",
    eventName,
    eventTime: "2026-05-25T00:00:00Z",
    userIdentity: admin,
    requestParameters,
    ...(errorCode ? { errorCode } : {}),
  });
const sessionOf = roleSession;
const listBuckets = (userIdentity: object) =>
  event({ eventSource: "s3.amazonaws.com", eventName: "ListBuckets", userIdentity });
const unusedActions = (report: Report, arn: string) =>
  report.findings
    .filter((f) => f.principalArn === arn && (f.kind === "unused-action" || f.kind === "unused-service"))
    .flatMap((f) => f.actions ?? [f.title]);

describe("permissions granted inside the window", () => {
  const deleter = managed("deleter", allow(["s3:DeleteBucket"]));
  const app = role("app", {
    inlinePolicies: [inline("own", ["s3:ListAllMyBuckets"])],
    attachedPolicyArns: [deleter.arn],
  });
  const snapshot = snapshotWith({ roles: [app], managedPolicies: { [deleter.arn]: deleter } });
  const calls = listBuckets(sessionOf(app.arn, "app"));

  test("a policy attached a week ago keeps what it grants, with the change named, and is not called unused", async () => {
    const report = await auditOf(snapshot, [
      calls,
      iamCall("AttachRolePolicy", { roleName: "app", policyArn: deleter.arn }),
    ]);
    const rec = report.recommendations.find((r) => r.principalArn === app.arn);
    assert.deepEqual(rec?.removedActions, []);
    assert.deepEqual(rec?.inferredActions, ["s3:DeleteBucket"]);
    assert.match(rec?.summary ?? "", /granted inside the window.*AttachRolePolicy 2026-05-25T00:00:00Z/);
    assert.deepEqual(unusedActions(report, app.arn), []);
  });

  test("without the change, or when IAM refused it, DeleteBucket is removed and called unused", async () => {
    for (const items of [
      [calls],
      [calls, iamCall("AttachRolePolicy", { roleName: "app", policyArn: deleter.arn }, "AccessDenied")],
      [calls, iamCall("AttachRolePolicy", { roleName: "other", policyArn: deleter.arn })],
    ]) {
      const report = await auditOf(snapshot, items);
      const rec = report.recommendations.find((r) => r.principalArn === app.arn);
      assert.deepEqual(rec?.removedActions, ["s3:DeleteBucket"]);
      assert.deepEqual(unusedActions(report, app.arn), ["s3:DeleteBucket"]);
    }
  });

  test("an inline policy written, or a new default version of an attached policy, keeps what it grants", async () => {
    const role2 = role("app", {
      inlinePolicies: [inline("own", ["s3:ListAllMyBuckets"]), inline("extra", ["s3:DeleteBucket"])],
    });
    const written = await auditOf(snapshotWith({ roles: [role2] }), [
      calls,
      iamCall("PutRolePolicy", { roleName: "app", policyName: "extra", policyDocument: "{}" }),
    ]);
    assert.deepEqual(written.recommendations[0]?.removedActions, []);
    const versioned = await auditOf(snapshot, [
      calls,
      iamCall("CreatePolicyVersion", { policyArn: deleter.arn, setAsDefault: true, policyDocument: "{}" }),
    ]);
    assert.deepEqual(versioned.recommendations[0]?.removedActions, []);
    // Not the default: nothing the role may do changed.
    const pending = await auditOf(snapshot, [
      calls,
      iamCall("CreatePolicyVersion", { policyArn: deleter.arn, setAsDefault: false, policyDocument: "{}" }),
    ]);
    assert.deepEqual(pending.recommendations[0]?.removedActions, ["s3:DeleteBucket"]);
  });

  test("a boundary replaced, removed or given a new default version a week ago keeps every policy it lets through", async () => {
    const bound = managed("bound", allow(["s3:*"]));
    const bounded = role("app", {
      inlinePolicies: [inline("own", ["s3:ListAllMyBuckets", "s3:DeleteBucket"])],
      permissionsBoundaryArn: bound.arn,
    });
    const account = snapshotWith({ roles: [bounded], managedPolicies: { [bound.arn]: bound } });
    const removed = async (items: ActivityItem[]) =>
      (await auditOf(account, items)).recommendations[0]?.removedActions;
    assert.deepEqual(await removed([calls]), ["s3:DeleteBucket"]);
    for (const change of [
      iamCall("PutRolePermissionsBoundary", { roleName: "app", permissionsBoundary: bound.arn }),
      iamCall("DeleteRolePermissionsBoundary", { roleName: "app" }),
      iamCall("SetDefaultPolicyVersion", { policyArn: bound.arn, versionId: "v2" }),
    ])
      assert.deepEqual(
        await removed([calls, change]),
        [],
        change.kind === "event" ? change.event.eventName : "",
      );
    // Another role's boundary changed: this one's evidence still covers the window.
    assert.deepEqual(
      await removed([calls, iamCall("DeleteRolePermissionsBoundary", { roleName: "other" })]),
      ["s3:DeleteBucket"],
    );
  });

  test("a Deny taken away a week ago, or a policy rewritten or tags changed, keeps every policy the principal holds", async () => {
    const both = role("app", { inlinePolicies: [inline("own", ["s3:ListAllMyBuckets", "s3:DeleteBucket"])] });
    const account = snapshotWith({ roles: [both] });
    const removed = async (change: ActivityItem) =>
      (await auditOf(account, [calls, change])).recommendations[0]?.removedActions;
    for (const change of [
      iamCall("DeleteRolePolicy", { roleName: "app", policyName: "guard" }),
      iamCall("DetachRolePolicy", { roleName: "app", policyArn: `arn:aws:iam::${ACCOUNT}:policy/NoDelete` }),
      // The old guard may have denied DeleteBucket; today's version only PutBucketPolicy.
      iamCall("PutRolePolicy", { roleName: "app", policyName: "guard", policyDocument: "{}" }),
      iamCall("TagRole", { roleName: "app", tags: [{ key: "team", value: "ops" }] }),
      // IAM names do not differ by case alone.
      iamCall("DeleteRolePolicy", { roleName: "APP", policyName: "guard" }),
    ])
      assert.deepEqual(await removed(change), [], change.kind === "event" ? change.event.eventName : "");
    const dev = user("dev", { inlinePolicies: [inline("own", ["s3:ListAllMyBuckets", "s3:DeleteBucket"])] });
    const left = await auditOf(snapshotWith({ users: [dev] }), [
      listBuckets({ type: "IAMUser", arn: dev.arn, accountId: ACCOUNT, userName: "dev" }),
      iamCall("RemoveUserFromGroup", { userName: "dev", groupName: "quarantine" }),
    ]);
    assert.deepEqual(left.recommendations[0]?.removedActions, [], "a group whose Deny it left");
    assert.deepEqual(unusedActions(left, dev.arn), []);
  });

  test("a user added to a group a week ago is not told the group's permissions are unused, and the group's plan keeps them", async () => {
    const ops = group("ops", { inlinePolicies: [inline("ops", ["s3:ListAllMyBuckets", "s3:DeleteBucket"])] });
    const old = user("old", { groups: ["ops"] });
    const dev = user("dev", { groups: ["ops"] });
    const identity = (u: { arn: string; name: string }) => ({
      type: "IAMUser",
      arn: u.arn,
      accountId: ACCOUNT,
      userName: u.name,
    });
    const users = snapshotWith({ users: [old, dev], groups: [ops] });
    const items = [listBuckets(identity(old)), listBuckets(identity(dev))];
    const before = await auditOf(users, items);
    assert.deepEqual(unusedActions(before, dev.arn), ["s3:DeleteBucket"]);
    assert.ok(before.plans.some((p) => p.target.arn === ops.arn && p.removedCount > 0));
    const joined = await auditOf(users, [
      ...items,
      iamCall("AddUserToGroup", { userName: "dev", groupName: "ops" }),
    ]);
    assert.deepEqual(unusedActions(joined, dev.arn), []);
    assert.deepEqual(unusedActions(joined, old.arn), ["s3:DeleteBucket"], "old held it all along");
    const plan = joined.plans.find((p) => p.target.arn === ops.arn);
    assert.equal(plan?.removedCount ?? 0, 0, "the group's plan removes nothing dev was given a week ago");
  });
});
