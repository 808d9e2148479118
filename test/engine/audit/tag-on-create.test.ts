import assert from "node:assert/strict";
import { test } from "node:test";
import type { ActivityItem } from "../../../core/engine/activity/types.js";
import { auditOf } from "../../helpers/audit-fixture.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

const deployer = role("deployer", {
  ...ownPolicy([
    {
      Effect: "Allow",
      Action: ["iam:CreateRole", "iam:TagRole", "iam:DeleteRole"],
      Resource: `arn:aws:iam::${ACCOUNT}:role/app-*`,
    },
  ]),
});

function call(
  eventSource: string,
  eventName: string,
  requestParameters: Record<string, unknown>,
  caller = deployer,
): ActivityItem {
  return {
    kind: "event",
    event: {
      eventTime: "2026-05-20T00:00:00Z",
      awsRegion: "us-east-1",
      eventSource,
      eventName,
      recipientAccountId: ACCOUNT,
      userIdentity: {
        type: "AssumedRole",
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${caller.name}/ci`,
        accountId: ACCOUNT,
        sessionContext: { sessionIssuer: { type: "Role", arn: caller.arn } },
      },
      requestParameters,
    },
  };
}

test("a role seen creating tagged roles keeps iam:TagRole: IAM authorizes the tags as TagRole and records no TagRole event", async () => {
  const report = await auditOf(snapshotWith({ roles: [deployer] }), [
    call("iam.amazonaws.com", "CreateRole", {
      roleName: "app-web",
      assumeRolePolicyDocument: "{}",
      tags: [{ key: "team", value: "web" }],
    }),
  ]);
  const rec = report.recommendations.find((r) => r.principalArn === deployer.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true });
  const allowed = rec!.policies.flatMap((p) => p.document.Statement).flatMap((s) => s.Action ?? []);
  assert.ok(allowed.includes("iam:TagRole"), "creating the next tagged role still works");
  assert.deepEqual(rec?.removedActions, ["iam:DeleteRole"]);
});

test("a role seen creating tagged load balancers, repositories and clusters keeps their tagging actions", async () => {
  const tagging = ["elasticloadbalancing:AddTags", "ecr:TagResource", "ecs:TagResource"];
  const stack = role("deployer", {
    ...ownPolicy([
      {
        Effect: "Allow",
        Action: [
          "elasticloadbalancing:CreateLoadBalancer",
          "ecr:CreateRepository",
          "ecs:CreateCluster",
          "ecs:DeleteCluster",
          ...tagging,
        ],
        Resource: "*",
      },
    ]),
  });
  const tags = [{ key: "team", value: "web" }];
  const report = await auditOf(snapshotWith({ roles: [stack] }), [
    call("elasticloadbalancing.amazonaws.com", "CreateLoadBalancer", { name: "web", tags }),
    call("ecr.amazonaws.com", "CreateRepository", { repositoryName: "web", tags }),
    call("ecs.amazonaws.com", "CreateCluster", { clusterName: "web", tags }),
  ]);
  const rec = report.recommendations.find((r) => r.principalArn === stack.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true });
  assert.deepEqual(rec?.removedActions, ["ecs:DeleteCluster"]);
});

test("a role seen creating tagged databases keeps rds:AddTagsToResource where it holds it today, by the general rule", async () => {
  const statement = (Action: string[], Resource: string) => ({ Effect: "Allow" as const, Action, Resource });
  const dba = (tagging: string) =>
    role("dba", {
      ...ownPolicy([
        statement(["rds:CreateDBInstance", "rds:DeleteDBInstance"], "*"),
        statement(["rds:AddTagsToResource"], tagging),
      ]),
    });
  const recommendationFor = async (tagging: string) => {
    const principal = dba(tagging);
    const params = { dBInstanceIdentifier: "orders", tags: [{ key: "team", value: "data" }] };
    const report = await auditOf(snapshotWith({ roles: [principal] }), [
      call("rds.amazonaws.com", "CreateDBInstance", params, principal),
    ]);
    return report.recommendations.find((r) => r.principalArn === principal.arn);
  };
  const granted = (rec: Awaited<ReturnType<typeof recommendationFor>>) =>
    rec!.policies
      .flatMap((p) => p.document.Statement)
      .filter((s) => s.Action?.includes("rds:AddTagsToResource"))
      .flatMap((s) => s.Resource ?? []);
  const everywhere = await recommendationFor("*");
  assert.deepEqual(everywhere?.checks, { withinCurrent: true, coversObserved: true });
  assert.deepEqual(granted(everywhere), ["*"], "the next tagged database can still be created");
  assert.deepEqual(everywhere?.removedActions, ["rds:DeleteDBInstance"]);
  // Never beyond today's grant: a tagging permission held on some databases stays on those only.
  const some = await recommendationFor(`arn:aws:rds:*:${ACCOUNT}:db:orders*`);
  assert.deepEqual(some?.checks, { withinCurrent: true, coversObserved: true });
  assert.deepEqual(granted(some), [`arn:aws:rds:*:${ACCOUNT}:db:orders*`]);
});

test("a role refused creating a tagged database, and granted since, keeps rds:AddTagsToResource for the next try", async () => {
  const dba = role("dba", {
    ...ownPolicy([
      { Effect: "Allow", Action: ["rds:CreateDBInstance", "rds:AddTagsToResource"], Resource: "*" },
      { Effect: "Allow", Action: ["s3:ListAllMyBuckets", "s3:DeleteBucket"], Resource: "*" },
    ]),
  });
  const refused = call("rds.amazonaws.com", "CreateDBInstance", { tags: [{ key: "a", value: "b" }] }, dba);
  const report = await auditOf(snapshotWith({ roles: [dba] }), [
    call("s3.amazonaws.com", "ListBuckets", {}, dba),
    refused.kind === "event"
      ? { ...refused, event: { ...refused.event, errorCode: "AccessDenied" } }
      : refused,
  ]);
  const rec = report.recommendations.find((r) => r.principalArn === dba.arn);
  assert.deepEqual(rec?.removedActions, ["s3:DeleteBucket"]);
});
