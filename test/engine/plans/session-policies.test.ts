import assert from "node:assert/strict";
import { test } from "node:test";
import { AccountPermissions } from "../../../core/engine/account/permissions.js";
import { ActivityAggregator } from "../../../core/engine/activity/aggregate.js";
import type { CloudTrailEvent } from "../../../core/engine/activity/types.js";
import { planChanges } from "../../../core/engine/audit/plans.js";
import { catalog } from "../../helpers/catalog.js";
import { arn, managed, planFor, S3_ALL, used } from "../../helpers/plan-fixture.js";
import { ACCOUNT, role, snapshotWith, user } from "../../helpers/snapshot-fixture.js";

const shared = arn("policy", "shared");
const snapshot = snapshotWith({
  roles: [
    role("app", { attachedPolicyArns: [shared] }),
    role("deploy", { inlinePolicies: [{ name: "s3", document: S3_ALL }] }),
  ],
  users: [user("ben", { attachedPolicyArns: [shared] }), user("ci")],
  managedPolicies: { [shared]: managed("shared", S3_ALL) },
});
const window = { start: "2026-08-24T00:00:00Z", end: "2026-11-22T00:00:00Z" };

function call(
  who: string,
  eventSource: string,
  eventName: string,
  requestParameters: object,
): CloudTrailEvent {
  const [kind, name] = who.split("/") as [string, string];
  return {
    eventSource,
    eventName,
    eventTime: "2026-11-01T00:00:00Z",
    awsRegion: "us-east-1",
    recipientAccountId: ACCOUNT,
    userIdentity:
      kind === "role"
        ? {
            type: "AssumedRole",
            arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${name}/s`,
            accountId: ACCOUNT,
            sessionContext: { sessionIssuer: { type: "Role", arn: arn("role", name), accountId: ACCOUNT } },
          }
        : { type: "IAMUser", arn: arn("user", name), accountId: ACCOUNT, userName: name },
    requestParameters: requestParameters as Record<string, unknown>,
  };
}

/** The audit's plans over the records, as runAudit makes them. */
function plansOver(events: readonly CloudTrailEvent[]) {
  const aggregator = new ActivityAggregator(catalog, { window });
  for (const event of events) aggregator.addEvent(event);
  return planChanges({
    account: new AccountPermissions(catalog, snapshot),
    aggregate: aggregator.result(),
    observable: catalog.fullSet(),
    gap: "",
    undatedGrants: "",
    window,
    options: {},
    recommendations: [],
  });
}

const holdersAtWork = [
  call("role/app", "s3.amazonaws.com", "GetObject", { bucketName: "a", key: "x" }),
  call("user/ben", "s3.amazonaws.com", "ListBucket", { bucketName: "c" }),
];
// ci's deploy session holds only what both deploy's s3:* and the shared policy allow: a new
// version of the policy holding GetObject and ListBucket would refuse its DeleteObject.
const sessionAtWork = [
  call("user/ci", "sts.amazonaws.com", "AssumeRole", {
    roleArn: arn("role", "deploy"),
    roleSessionName: "s",
    policyArns: [{ arn: shared }],
  }),
  call("role/deploy", "s3.amazonaws.com", "DeleteObject", { bucketName: "d", key: "z" }),
];

test("a shared policy's plan is offered when no session names the policy", () => {
  const { plans, unproven } = plansOver([...holdersAtWork, sessionAtWork[1]!]);
  assert.deepEqual(
    plans.filter((p) => p.target.type === "policy").map((p) => p.target.arn),
    [shared],
  );
  assert.deepEqual(
    unproven.filter((u) => u.targetArn === shared),
    [],
  );
});

test("a shared policy the trail shows used as a session policy gets no plan: its sessions are in no proof", () => {
  const { plans, unproven } = plansOver([...holdersAtWork, ...sessionAtWork, sessionAtWork[0]!]);
  assert.deepEqual(
    plans.filter((p) => p.target.type === "policy"),
    [],
  );
  const refused = unproven.find((u) => u.targetArn === shared);
  assert.equal(refused?.of, "plan");
  assert.match(refused?.reason ?? "", /session policy/);
  assert.deepEqual(refused?.violations, [
    "shared: named as a session policy in 2 AssumeRole or GetFederationToken requests in the window",
  ]);
});

test("a role's plan that detaches the shared policy is still offered: sessions naming it keep it whole", () => {
  const recommendation = {
    principalArn: arn("role", "app"),
    policies: [
      {
        name: "whittle-role-app",
        document: {
          Version: "2012-10-17" as const,
          Statement: [
            { Sid: "S3", Effect: "Allow" as const, Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::a/x"] },
          ],
        },
      },
    ],
  };
  const { plans, failures } = planFor(
    snapshot,
    { [arn("role", "app")]: [used("s3:GetObject", "arn:aws:s3:::a/x")] },
    [recommendation],
    {},
    { [shared]: 2 },
  );
  assert.deepEqual(plans.find((p) => p.target.arn === arn("role", "app"))?.detach, [shared]);
  assert.deepEqual(
    failures.map((f) => f.targetArn),
    [shared],
  );
});

test("a shared policy's plan says that IAM Roles Anywhere profiles, whose session policies no trail shows, are not read", () => {
  const { plans } = plansOver([...holdersAtWork, sessionAtWork[1]!]);
  const plan = plans.find((p) => p.target.arn === shared);
  assert.match(
    plan?.summary ?? "",
    /IAM Roles Anywhere profiles are not read: check that none names this policy/,
  );
  // A principal's own plan creates policies no profile can name yet: nothing to check.
  for (const other of plans.filter((p) => p.target.type !== "policy"))
    assert.doesNotMatch(other.summary, /Roles Anywhere/, other.target.arn);
});
