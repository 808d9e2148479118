import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { CloudTrailEvent } from "../../../core/engine/activity/types.js";
import { makeContext } from "../../../core/engine/policy/context.js";
import type { Report } from "../../../core/engine/report/schema.js";
import type { Snapshot } from "../../../core/engine/snapshot/model.js";
import { AUDIT_NOW, auditOf, eventItem } from "../../helpers/audit-fixture.js";
import { input, principal } from "../../helpers/policies.js";
import { ACCOUNT, credentials, group, role, snapshotWith, user } from "../../helpers/snapshot-fixture.js";

const _NOW = new Date("2026-06-01T00:00:00Z");
const inline = (Action: string | string[], Resource = "*") => ({
  name: "own",
  document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action, Resource }] },
});
const USER = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;

const audit = (
  snapshot: Snapshot,
  events: Partial<CloudTrailEvent>[],
  config: unknown = {},
): Promise<Report> => auditOf(snapshot, events.map(eventItem), config);

const iamUser = (name: string, accessKeyId = "AKIAEXAMPLEKEY000001") => ({
  type: "IAMUser",
  arn: USER(name),
  accountId: ACCOUNT,
  userName: name,
  accessKeyId,
});
const listBuckets = (userIdentity: object) => ({
  eventSource: "s3.amazonaws.com",
  eventName: "ListBuckets",
  userIdentity,
});
const recommendationFor = (report: Report, arn: string) =>
  report.recommendations.find((r) => r.principalArn === arn);

describe("who did it", () => {
  test("a user calling GetFederationToken keeps what its federated sessions used", async () => {
    const broker = user("broker", {
      inlinePolicies: [
        inline([
          "sts:GetFederationToken",
          "ec2:DescribeInstances",
          "ec2:StartInstances",
          "ec2:TerminateInstances",
        ]),
      ],
    });
    const federated = {
      type: "FederatedUser",
      arn: `arn:aws:sts::${ACCOUNT}:federated-user/bob`,
      accountId: ACCOUNT,
      accessKeyId: "ASIAFEDERATEDSESSION",
      sessionContext: { sessionIssuer: { type: "IAMUser", arn: USER("broker"), userName: "broker" } },
    };
    const report = await audit(snapshotWith({ users: [broker] }), [
      { eventSource: "sts.amazonaws.com", eventName: "GetFederationToken", userIdentity: iamUser("broker") },
      { eventSource: "ec2.amazonaws.com", eventName: "DescribeInstances", userIdentity: federated },
      {
        eventSource: "ec2.amazonaws.com",
        eventName: "StartInstances",
        userIdentity: federated,
        requestParameters: { instancesSet: { items: [{ instanceId: "i-0123456789abcdef0" }] } },
      },
    ]);
    const rec = recommendationFor(report, USER("broker"));
    assert.deepEqual(rec?.observedActions, [
      "ec2:DescribeInstances",
      "ec2:StartInstances",
      "sts:GetFederationToken",
    ]);
    assert.ok(rec?.removedActions.includes("ec2:TerminateInstances"));
    assert.equal(rec?.removedActions.includes("ec2:StartInstances"), false);
    assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true });
    const unusedStart = report.findings.filter(
      (f) => f.kind === "unused-action" && f.actions?.includes("ec2:StartInstances"),
    );
    assert.deepEqual(unusedStart, []);
  });

  test("a pathed role's records without a session issuer stay its own, beside those with one", async () => {
    const app = role("app", {
      path: "/service-role/",
      arn: `arn:aws:iam::${ACCOUNT}:role/service-role/app`,
      inlinePolicies: [inline(["s3:ListAllMyBuckets", "sqs:ListQueues", "sqs:DeleteQueue"])],
    });
    const session = `arn:aws:sts::${ACCOUNT}:assumed-role/app/s1`;
    const withIssuer = {
      type: "AssumedRole",
      arn: session,
      accountId: ACCOUNT,
      sessionContext: { sessionIssuer: { type: "Role", arn: app.arn } },
    };
    // The session ARN carries no path: this record alone names `role/app`.
    const withoutIssuer = { type: "AssumedRole", arn: session, accountId: ACCOUNT };
    const report = await audit(snapshotWith({ roles: [app] }), [
      listBuckets(withIssuer),
      { eventSource: "sqs.amazonaws.com", eventName: "ListQueues", userIdentity: withoutIssuer },
    ]);
    const rec = recommendationFor(report, app.arn);
    assert.deepEqual(rec?.observedActions, ["s3:ListAllMyBuckets", "sqs:ListQueues"]);
    assert.deepEqual(rec?.removedActions, ["sqs:DeleteQueue"]);
    const unusedSqs = report.findings.filter(
      (f) => f.kind === "unused-service" && f.principalArn === app.arn,
    );
    assert.deepEqual(unusedSqs, []);
  });

  test("a GovCloud user's records without its ARN are its own, named in the partition of their region", async () => {
    const ops = user("ops", {
      arn: `arn:aws-us-gov:iam::${ACCOUNT}:user/ops`,
      inlinePolicies: [inline(["s3:ListAllMyBuckets", "sqs:ListQueues"])],
    });
    const report = await audit(snapshotWith({ users: [ops] }), [
      {
        ...listBuckets({ type: "IAMUser", accountId: ACCOUNT, userName: "ops" }),
        awsRegion: "us-gov-west-1",
      },
    ]);
    const rec = recommendationFor(report, ops.arn);
    assert.deepEqual(rec?.observedActions, ["s3:ListAllMyBuckets"]);
    assert.deepEqual(rec?.removedActions, ["sqs:ListQueues"]);
  });

  test("an Identity Center role is named as its permission set and advised as its inline policy", async () => {
    const sso = role("AWSReservedSSO_DataEng_0123456789abcdef", {
      path: "/aws-reserved/sso.amazonaws.com/",
      arn: `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_DataEng_0123456789abcdef`,
      inlinePolicies: [inline(["s3:ListAllMyBuckets", "iam:ListUsers"])],
    });
    const session = {
      type: "AssumedRole",
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_DataEng_0123456789abcdef/alice@example.com`,
      accountId: ACCOUNT,
      sessionContext: { sessionIssuer: { type: "Role", arn: sso.arn } },
    };
    const report = await audit(snapshotWith({ roles: [sso] }), [listBuckets(session)]);
    const rec = recommendationFor(report, sso.arn);
    assert.deepEqual(rec?.permissionSet, { name: "DataEng" });
    assert.equal(report.principals.find((p) => p.arn === sso.arn)?.permissionSet, "DataEng");
    assert.deepEqual(
      rec?.policies.map((p) => p.name),
      ["whittle-permission-set-DataEng"],
    );
    assert.match(rec?.terraform ?? "", /aws_ssoadmin_permission_set_inline_policy/);
    assert.equal(rec?.terraform.includes("aws_iam_role_policy_attachment"), false);
    assert.match(rec?.cloudformation ?? "", /AWS::SSO::PermissionSet/);
    assert.match(rec?.summary ?? "", /permission set DataEng/);
  });

  test("a permission set's Terraform says to remove the managed policies its new inline policy replaces", async () => {
    const admin = "arn:aws:iam::aws:policy/IAMFullAccess";
    const sso = role("AWSReservedSSO_Ops_0123456789abcdef", {
      path: "/aws-reserved/sso.amazonaws.com/",
      arn: `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Ops_0123456789abcdef`,
      attachedPolicyArns: [admin],
      inlinePolicies: [
        {
          name: "guardrail",
          document: {
            Version: "2012-10-17",
            Statement: [
              { Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" },
              { Effect: "Deny", Action: "iam:CreateUser", Resource: "*" },
            ],
          },
        },
      ],
    });
    const managedPolicies = {
      [admin]: {
        arn: admin,
        name: "IAMFullAccess",
        isAwsManaged: true,
        defaultVersionId: "v1",
        document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "iam:*", Resource: "*" }] },
      },
    };
    const session = {
      type: "AssumedRole",
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_Ops_0123456789abcdef/bob@example.com`,
      accountId: ACCOUNT,
      sessionContext: { sessionIssuer: { type: "Role", arn: sso.arn } },
    };
    const report = await audit(snapshotWith({ roles: [sso], managedPolicies }), [listBuckets(session)]);
    const rec = recommendationFor(report, sso.arn);
    assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true });
    // The inline policy alone would leave IAMFullAccess granting iam:CreateUser, unguarded.
    assert.match(
      rec?.terraform ?? "",
      /# Remove the aws_ssoadmin_managed_policy_attachment of arn:aws:iam::aws:policy\/IAMFullAccess\./,
    );
  });

  test("a role seen only checking its credentials, and a user seen only signing in, are used", async () => {
    const app = role("app", { inlinePolicies: [inline("sqs:ListQueues")] });
    const bob = user("bob", { inlinePolicies: [inline("sqs:ListQueues")] });
    const session = {
      type: "AssumedRole",
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app/s`,
      accountId: ACCOUNT,
      sessionContext: { sessionIssuer: { type: "Role", arn: app.arn } },
    };
    const report = await audit(snapshotWith({ roles: [app], users: [bob] }), [
      { eventSource: "sts.amazonaws.com", eventName: "GetCallerIdentity", userIdentity: session },
      {
        eventSource: "signin.amazonaws.com",
        eventName: "ConsoleLogin",
        eventType: "AwsConsoleSignIn",
        userIdentity: { type: "IAMUser", arn: bob.arn, accountId: ACCOUNT, userName: "bob" },
      },
    ]);
    const unused = report.findings.filter((f) => f.kind === "unused-role" || f.kind === "unused-user");
    assert.deepEqual(unused, []);
    for (const arn of [app.arn, bob.arn])
      assert.equal(report.principals.find((p) => p.arn === arn)?.usage, "used", arn);
  });

  test("a role a service assumes every day is used, though its own calls leave no record", async () => {
    const app = role("app", {
      trustPolicy: {
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
        ],
      },
      inlinePolicies: [inline(["dynamodb:GetItem", "ssm:GetParameter"])],
    });
    const assume = (extra: object = {}) => ({
      eventSource: "sts.amazonaws.com",
      eventName: "AssumeRole",
      userIdentity: { type: "AWSService", invokedBy: "lambda.amazonaws.com" },
      requestParameters: { roleArn: app.arn, roleSessionName: "app" },
      ...extra,
    });
    const report = await audit(snapshotWith({ roles: [app] }), [assume()]);
    assert.equal(report.principals.find((p) => p.arn === app.arn)?.usage, "used");
    assert.deepEqual(
      report.findings.filter((f) => f.kind === "unused-role"),
      [],
    );
    const failed = await audit(snapshotWith({ roles: [app] }), [assume({ errorCode: "AccessDenied" })]);
    assert.equal(failed.principals.find((p) => p.arn === app.arn)?.usage, "unused");
  });

  test("a user seen only failing to sign in is not used: its stale password is still reported", async () => {
    const bob = user("bob", { inlinePolicies: [inline("sqs:ListQueues")] });
    const password = { enabled: true, lastUsed: "2025-01-10T00:00:00Z", lastChanged: "2025-01-01T00:00:00Z" };
    // Collected at the audit time: the report's last uses speak up to it.
    const snapshot = snapshotWith({
      collectedAt: AUDIT_NOW.toISOString(),
      users: [bob],
      credentials: { [bob.arn]: credentials("bob", { password }) },
    });
    const report = await audit(snapshot, [
      {
        eventSource: "signin.amazonaws.com",
        eventName: "ConsoleLogin",
        eventType: "AwsConsoleSignIn",
        userIdentity: {
          type: "IAMUser",
          principalId: "AIDABOB",
          accountId: ACCOUNT,
          accessKeyId: "",
          userName: "bob",
        },
        errorMessage: "Failed authentication",
        responseElements: { ConsoleLogin: "Failure" },
      },
    ]);
    assert.equal(report.principals.find((p) => p.arn === bob.arn)?.usage, "unused");
    assert.ok(report.findings.some((f) => f.kind === "unused-user" && f.principalArn === bob.arn));
  });

  test("a user's only active key seen signing calls is not reported as never used", async () => {
    const ci = user("ci", { inlinePolicies: [inline("s3:ListAllMyBuckets")] });
    const keys = credentials("ci", {
      accessKeys: [{ slot: 1, status: "Active", created: "2025-01-01T00:00:00Z", lastUsed: null }],
    });
    const snapshot = snapshotWith({
      collectedAt: AUDIT_NOW.toISOString(),
      users: [ci],
      credentials: { [ci.arn]: keys },
    });
    const unusedKey = (report: Report) => report.findings.filter((f) => f.kind === "unused-access-key");
    const others = [listBuckets(iamUser("someone-else", "AKIAOTHERUSERSKEY001"))];
    assert.equal(unusedKey(await audit(snapshot, others)).length, 1, "reported without CloudTrail evidence");
    assert.deepEqual(unusedKey(await audit(snapshot, [listBuckets(iamUser("ci"))])), []);
    // A GetSessionToken session signs with a temporary ASIA key, not the user's access key.
    const session = await audit(snapshot, [listBuckets(iamUser("ci", "ASIATEMPORARYSESSION"))]);
    assert.equal(unusedKey(session).length, 1);
  });
});

describe("safe defaults", () => {
  const app = role("app", {
    inlinePolicies: [inline(["s3:ListAllMyBuckets", "s3:GetObject", "s3:PutObject"])],
  });
  const session = {
    type: "AssumedRole",
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app/s`,
    sessionContext: { sessionIssuer: { type: "Role", arn: app.arn } },
  };

  for (const config of [{}, { generate: { unobservable: "keep-if-accessed" } }]) {
    test(`with ${JSON.stringify(config)} and no last-accessed data, unobservable actions are kept`, async () => {
      const report = await audit(snapshotWith({ roles: [app] }), [listBuckets(session)], config);
      const rec = recommendationFor(report, app.arn);
      assert.deepEqual(rec?.unobservableKept, ["s3:GetObject", "s3:PutObject"]);
      const granted = rec?.policies.flatMap((p) => p.document.Statement.flatMap((s) => s.Action)) ?? [];
      assert.ok(granted.includes("s3:GetObject") && granted.includes("s3:PutObject"));
      assert.equal(rec?.removedUnverified, 0);
      assert.equal(rec?.removedVerified, rec?.removedCount);
    });
  }

  test("keep-if-accessed drops what service-level last-accessed data shows unused", async () => {
    // Last-accessed data speaks up to its snapshot: one taken at the audit time. The role's calls
    // CloudTrail shows are EC2's, so nothing contradicts the data's S3 date (last-accessed-contradicted.test.ts).
    const ec2User = role("app", {
      inlinePolicies: [inline(["ec2:DescribeInstances", "s3:GetObject", "s3:PutObject"])],
    });
    const snapshot = snapshotWith({
      collectedAt: AUDIT_NOW.toISOString(),
      roles: [ec2User],
      lastAccessed: {
        [app.arn]: {
          services: [
            { namespace: "ec2", lastAuthenticated: "2026-05-20T00:00:00Z" },
            { namespace: "s3", lastAuthenticated: "2025-01-01T00:00:00Z" },
          ],
        },
      },
    });
    const report = await audit(
      snapshot,
      [{ eventSource: "ec2.amazonaws.com", eventName: "DescribeInstances", userIdentity: session }],
      { generate: { unobservable: "keep-if-accessed" } },
    );
    const rec = recommendationFor(report, app.arn);
    assert.deepEqual(rec?.unobservableKept, []);
    assert.equal(rec?.removedUnverified, 0);
  });

  test("keep-if-accessed keeps what an older snapshot's last-accessed data shows unused: it may be used since", async () => {
    const snapshot = snapshotWith({
      roles: [app],
      lastAccessed: {
        [app.arn]: { services: [{ namespace: "s3", lastAuthenticated: "2025-01-01T00:00:00Z" }] },
      },
    });
    assert.ok(Date.parse(snapshot.collectedAt) < AUDIT_NOW.getTime() - 86_400_000);
    const report = await audit(snapshot, [listBuckets(session)], {
      generate: { unobservable: "keep-if-accessed" },
    });
    const rec = recommendationFor(report, app.arn);
    assert.deepEqual(rec?.unobservableKept, ["s3:GetObject", "s3:PutObject"]);
    assert.equal(rec?.removedUnverified, 0);
  });

  test("keep-if-accessed keeps what last-accessed data from a job months before the snapshot shows unused", async () => {
    // A current snapshot (a fresh credential report) given with an older last-accessed file: its
    // job, done in January, says nothing of the months since, when the role may have read daily.
    const snapshot = snapshotWith({
      collectedAt: AUDIT_NOW.toISOString(),
      roles: [app],
      lastAccessed: {
        [app.arn]: {
          jobCompleted: "2026-01-15T00:00:00Z",
          services: [{ namespace: "s3", lastAuthenticated: "2025-01-01T00:00:00Z" }],
        },
      },
    });
    const report = await audit(snapshot, [listBuckets(session)], {
      generate: { unobservable: "keep-if-accessed" },
    });
    const rec = recommendationFor(report, app.arn);
    assert.deepEqual(rec?.unobservableKept, ["s3:GetObject", "s3:PutObject"]);
    assert.equal(rec?.removedUnverified, 0);
  });

  test("dropping unobservable actions is opt-in, and the removals are counted unverified", async () => {
    const report = await audit(snapshotWith({ roles: [app] }), [listBuckets(session)], {
      generate: { unobservable: "drop" },
    });
    const rec = recommendationFor(report, app.arn);
    assert.deepEqual(rec?.unobservableKept, []);
    assert.equal(rec?.removedUnverified, 2);
  });
});

describe("session tags and source identity", () => {
  const target = role("deployer", {});
  const ci = role("ci", {
    inlinePolicies: [
      inline(
        ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity", "s3:ListAllMyBuckets"],
        target.arn,
      ),
    ],
  });
  const assume = (requestParameters: Record<string, unknown>) => ({
    eventSource: "sts.amazonaws.com",
    eventName: "AssumeRole",
    userIdentity: {
      type: "AssumedRole",
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/ci/build-7`,
      sessionContext: { sessionIssuer: { type: "Role", arn: ci.arn } },
    },
    requestParameters: { roleArn: target.arn, roleSessionName: "deploy", ...requestParameters },
  });
  const granted = (report: Report) =>
    recommendationFor(report, ci.arn)
      ?.policies.flatMap((p) => p.document.Statement.flatMap((s) => s.Action ?? []))
      .sort();

  test("an AssumeRole with tags and a source identity keeps what they need, unobservable ones dropped", async () => {
    const tagged = assume({
      tags: [{ key: "team", value: "payments" }],
      transitiveTagKeys: ["team"],
      sourceIdentity: "alice",
    });
    const report = await audit(snapshotWith({ roles: [ci, target] }), [tagged], {
      generate: { unobservable: "drop" },
    });
    assert.deepEqual(granted(report), ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"]);
  });

  // "In addition to the action that matches the API operation, you must have ... sts:TagSession":
  // GetFederationToken has no trust policy, so the user's own policies must allow it.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_permissions-required
  test("a GetFederationToken with session tags keeps sts:TagSession, unobservable ones dropped", async () => {
    const broker = user("broker", {
      inlinePolicies: [inline(["sts:GetFederationToken", "sts:TagSession", "sts:SetSourceIdentity"])],
    });
    const federate = (requestParameters: Record<string, unknown>) => ({
      eventSource: "sts.amazonaws.com",
      eventName: "GetFederationToken",
      userIdentity: iamUser("broker"),
      requestParameters: { name: "bob", ...requestParameters },
    });
    const actions = async (requestParameters: Record<string, unknown>) =>
      (
        await audit(snapshotWith({ users: [broker] }), [federate(requestParameters)], {
          generate: { unobservable: "drop" },
        })
      ).recommendations
        .find((r) => r.principalArn === broker.arn)
        ?.policies.flatMap((p) => p.document.Statement.flatMap((s) => s.Action ?? []))
        .sort();
    assert.deepEqual(await actions({ tags: [{ key: "team", value: "payments" }] }), [
      "sts:GetFederationToken",
      "sts:TagSession",
    ]);
    assert.deepEqual(await actions({}), ["sts:GetFederationToken"]);
  });

  test("a plain AssumeRole shows neither in use", async () => {
    const report = await audit(snapshotWith({ roles: [ci, target] }), [assume({})], {
      generate: { unobservable: "drop" },
    });
    assert.deepEqual(granted(report), ["sts:AssumeRole"]);
  });
});

describe("honest figures and names", () => {
  test("a user in a group allowing * is told applying its recommendation removes nothing", async () => {
    const admins = group("admins", { inlinePolicies: [inline("*")] });
    const dev = user("dev", {
      groups: ["admins"],
      inlinePolicies: [inline(["s3:ListAllMyBuckets", "iam:PassRole"])],
    });
    const report = await audit(snapshotWith({ users: [dev], groups: [admins] }), [
      listBuckets(iamUser("dev")),
    ]);
    const rec = recommendationFor(report, dev.arn);
    assert.equal(rec?.removedCount, 0);
    assert.deepEqual(rec?.removedActions, []);
    assert.deepEqual(rec?.removedRisks, {});
    assert.match(rec?.summary ?? "", /group admins still apply/);
    assert.equal(rec?.policies.length, 1, "what the group grants is not repeated in the new policy");
  });

  test("a user's own Deny of what its group allows stays in its recommendation and plan", async () => {
    const denyKeys = { Effect: "Deny", Action: "iam:CreateAccessKey", Resource: "*" };
    const { dev, report, applied } = await ownDenyBesideGroup("iam:*", denyKeys);
    const createKey = { action: "iam:CreateAccessKey", resource: dev.arn };
    assert.equal(applied.evaluate(createKey).decision, "ExplicitDeny");
    const plan = report.plans?.find((p) => p.target.arn === dev.arn);
    assert.ok(plan, "the user's plan is proven");
    assert.ok(plan.create.some((c) => c.document.Statement.some((s) => s.Effect === "Deny")));
  });

  test("a user's own NotAction Deny (MFA enforcement) beside an admin group is carried, compactly", async () => {
    const mfa = {
      Effect: "Deny",
      NotAction: [
        "iam:ChangePassword",
        "iam:CreateVirtualMFADevice",
        "iam:EnableMFADevice",
        "sts:GetSessionToken",
      ],
      Resource: "*",
      Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
    };
    const { dev, rec, applied } = await ownDenyBesideGroup("*", mfa);
    // Written service by service with wildcards, not as every catalog action the group allows.
    assert.ok((rec?.policies.length ?? 0) <= 2, `${rec?.policies.length} policies`);
    const withoutMfa = makeContext({ "aws:MultiFactorAuthPresent": "false" });
    const terminate = { action: "ec2:TerminateInstances", resource: "*", context: withoutMfa };
    assert.equal(applied.evaluate(terminate).decision, "ExplicitDeny");
    const changePassword = { action: "iam:ChangePassword", resource: dev.arn, context: withoutMfa };
    assert.equal(applied.evaluate(changePassword).decision, "Allow");
  });

  test("a user's own NotAction Deny beside an admin group still denies what the catalog does not list", async () => {
    // The group's * allows an API or service newer than the catalog, which the Deny forbids today.
    const mfa = {
      Effect: "Deny",
      NotAction: ["iam:ChangePassword", "sts:GetSessionToken"],
      Resource: "*",
      Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
    };
    const { applied } = await ownDenyBesideGroup("*", mfa);
    const withoutMfa = makeContext({ "aws:MultiFactorAuthPresent": "false" });
    for (const action of ["iam:CreateSomethingNewer", "newerservice:DoAnything"])
      assert.equal(
        applied.evaluate({ action, resource: "*", context: withoutMfa }).decision,
        "ExplicitDeny",
        action,
      );
  });

  test("a user's own Deny of a service the catalog does not list, beside an admin group, is carried", async () => {
    const deny = { Effect: "Deny", Action: "newerservice:*", Resource: "*" };
    const { applied } = await ownDenyBesideGroup("*", deny);
    const call = { action: "newerservice:DoAnything", resource: "*" };
    assert.equal(applied.evaluate(call).decision, "ExplicitDeny");
  });

  test("a user and a role of one name get distinct policy names and IaC resources", async () => {
    const deploy = user("deploy", { inlinePolicies: [inline("s3:ListAllMyBuckets")] });
    const deployRole = role("deploy", { inlinePolicies: [inline("s3:ListAllMyBuckets")] });
    const roleSession = {
      type: "AssumedRole",
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/s`,
      sessionContext: { sessionIssuer: { type: "Role", arn: deployRole.arn } },
    };
    const report = await audit(snapshotWith({ users: [deploy], roles: [deployRole] }), [
      listBuckets(iamUser("deploy")),
      listBuckets(roleSession),
    ]);
    const names = report.recommendations.flatMap((r) => r.policies.map((p) => p.name));
    assert.deepEqual(names.sort(), ["whittle-role-deploy", "whittle-user-deploy"]);
    const tfIds = report.recommendations.flatMap((r) =>
      [...r.terraform.matchAll(/resource "\S+" "(\S+)"/g)].map((m) => m[0]),
    );
    assert.equal(new Set(tfIds).size, tfIds.length);
    const cfnIds = report.recommendations.flatMap((r) => Object.keys(JSON.parse(r.cloudformation).Resources));
    assert.equal(new Set(cfnIds).size, 2);
  });
});

/**
 * User dev in group admins (allowed `groupAction`), its own policy allowing s3:ListAllMyBuckets
 * beside `deny`, seen listing buckets: its recommendation is proven, and `applied` is what the
 * user may do once it is applied (the new policies replace dev's own; the group's keep applying).
 */
async function ownDenyBesideGroup(groupAction: string, deny: object) {
  const admins = group("admins", { inlinePolicies: [inline(groupAction)] });
  const own = { Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" };
  const dev = user("dev", {
    groups: ["admins"],
    inlinePolicies: [{ name: "own", document: { Version: "2012-10-17", Statement: [own, deny] } }],
  });
  const report = await audit(snapshotWith({ users: [dev], groups: [admins] }), [listBuckets(iamUser("dev"))]);
  const rec = recommendationFor(report, dev.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true });
  const applied = principal([
    input("group", admins.inlinePolicies[0]!.document),
    ...(rec?.policies ?? []).map((p) => input(p.name, p.document)),
  ]);
  return { dev, report, rec, applied };
}
