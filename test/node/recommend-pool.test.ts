import assert from "node:assert/strict";
import { test } from "node:test";
import type { ActivityItem, CloudTrailEvent } from "../../core/engine/activity/types.js";
import { type Recommender, recommendJobs } from "../../core/engine/audit/recommend-job.js";
import { compressByService } from "../../core/engine/generate/removed-names.js";
import type { Role } from "../../core/engine/snapshot/model.js";
import { threadedRecommender } from "../../core/node/recommend-pool.js";
import { ActionListCodec } from "../../core/node/recommend-wire.js";
import { AUDIT_NOW, auditOf } from "../helpers/audit-fixture.js";
import { catalog, managedPolicies } from "../helpers/catalog.js";
import { ADMIN, input } from "../helpers/policies.js";
import { ACCOUNT, group, role, snapshotWith, user } from "../helpers/snapshot-fixture.js";

// Real AWS managed policies as the roles' current policies: wildcards, NotAction, conditions.
const managed = managedPolicies();
const documentOf = (name: string) => {
  const found = managed[name];
  if (!found) throw new Error(`no managed policy ${name}`);
  return found.PolicyVersion.Document;
};
const inline = (name: string) => [{ name, document: documentOf(name) }];
// A 7 KB condition: no generated document can hold it, so that principal's generation fails.
const OFFICE = {
  IpAddress: { "aws:SourceIp": Array.from({ length: 420 }, (_, i) => `203.0.${i >> 8}.${i & 255}/32`) },
};

const call = (identity: object, source: string, name: string, parameters?: object): ActivityItem => ({
  kind: "event",
  event: {
    eventTime: "2026-05-20T00:00:00Z",
    awsRegion: "us-east-1",
    recipientAccountId: ACCOUNT,
    eventSource: `${source}.amazonaws.com`,
    eventName: name,
    sourceIPAddress: "203.0.0.5",
    userIdentity: identity,
    ...(parameters ? { requestParameters: parameters } : {}),
  } as CloudTrailEvent,
});
const session = (r: Role) => ({
  type: "AssumedRole",
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${r.name}/s`,
  accountId: ACCOUNT,
  sessionContext: { sessionIssuer: { type: "Role", arn: r.arn } },
});

// 42 principals: two threads take batches of two jobs, three threads batches of one.
function fixture() {
  const names = ["AdministratorAccess", "PowerUserAccess", "AmazonS3FullAccess", "AmazonEC2ReadOnlyAccess"];
  const roles = Array.from({ length: 40 }, (_, i) =>
    role(`app-${i}`, { inlinePolicies: inline(names[i % 4]!) }),
  );
  const sso = role("AWSReservedSSO_Developers_0123456789abcdef", {
    path: "/aws-reserved/sso.amazonaws.com/",
    inlinePolicies: inline("AmazonEC2ReadOnlyAccess"),
  });
  const office = role("office", {
    inlinePolicies: [
      {
        name: "from-office",
        document: {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: "ec2:Describe*", Resource: "*", Condition: OFFICE }],
        },
      },
    ],
  });
  const staff = group("staff", { inlinePolicies: inline("AmazonEC2ReadOnlyAccess") });
  const dev = user("dev", { groups: ["staff"], inlinePolicies: inline("AmazonS3FullAccess") });
  const items: ActivityItem[] = [];
  roles.forEach((r, i) => {
    for (let k = 0; k <= i % 12; k++) {
      items.push(call(session(r), "s3", "GetObject", { bucketName: `data-${k}`, key: `k/${i}` }));
      items.push(call(session(r), "ec2", k % 2 ? "DescribeInstances" : "DescribeVolumes"));
    }
    if (i % 4 < 2) items.push(call(session(r), "iam", "ListRoles"));
  });
  items.push(call(session(sso), "ec2", "DescribeVpcs"));
  items.push(call(session(office), "ec2", "DescribeInstances"));
  const devIdentity = { type: "IAMUser", arn: dev.arn, accountId: ACCOUNT, userName: "dev" };
  items.push(call(devIdentity, "s3", "ListBuckets"), call(devIdentity, "ec2", "DescribeInstances"));
  const snapshot = snapshotWith({ roles: [...roles, sso, office], groups: [staff], users: [dev] });
  // IAM's last-accessed data for one role: the services it did not use in the window are unused.
  snapshot.lastAccessed[roles[0]!.arn] = {
    services: [
      { namespace: "s3", lastAuthenticated: "2026-05-20T00:00:00Z" },
      { namespace: "sqs", lastAuthenticated: "2025-01-01T00:00:00Z" },
    ],
  };
  return { snapshot, items, office, sso, dev };
}

test("policies generated in 2 or 3 threads are those generated in this one, failures and notes included", async () => {
  const { snapshot, items, office, sso, dev } = fixture();
  const alone = await auditOf(snapshot, items);
  // Not trivial: many recommendations, one that cannot be generated, the group and permission-set notes.
  assert.equal(alone.recommendations.length, 42);
  assert.ok(
    alone.findings.some((f) => f.kind === "recommendation-unproven" && f.principalArn === office.arn),
  );
  assert.match(alone.recommendations.find((r) => r.principalArn === dev.arn)?.summary ?? "", /group staff/);
  assert.equal(
    alone.recommendations.find((r) => r.principalArn === sso.arn)?.permissionSet?.name,
    "Developers",
  );
  assert.ok(alone.recommendations.every((r) => r.removedActions.length > 0));
  for (const threads of [2, 3])
    assert.deepEqual(await auditOf(snapshot, items, {}, threadedRecommender(threads)), alone, `${threads}`);
});

test("plans proven beside their recommendations, in this thread or another, are the plans a plan proves on its own", async () => {
  const { snapshot, items } = fixture();
  let proofs = 0;
  const proving: Recommender = async (jobs, environment) => {
    const results = recommendJobs(jobs, environment);
    proofs += results.filter((r) => r.planProof).length;
    return results;
  };
  const unproven: Recommender = async (jobs, environment) =>
    recommendJobs(jobs, environment).map(({ planProof: _, ...result }) => result);
  const own = await auditOf(snapshot, items, {}, unproven);
  assert.ok(own.plans.length >= 40);
  assert.deepEqual(await auditOf(snapshot, items, {}, proving), own);
  assert.equal(proofs, own.recommendations.length);
  assert.deepEqual(await auditOf(snapshot, items, {}, threadedRecommender(2)), own);
});

test("a failure in a recommendation thread fails the call with the thread's error", async () => {
  const job = {
    principalArn: `arn:aws:iam::${ACCOUNT}:role/app`,
    principalName: "app",
    principalType: "role" as const,
    policies: { identity: [input("admin", ADMIN)] },
    retained: [],
    observed: [{ action: "s3:GetObject", count: 1, resources: [], unscopedCalls: 1 }],
    since: AUDIT_NOW.toISOString(),
  };
  // Not a policy: compiling it throws in whichever thread takes the job.
  const broken = {
    ...job,
    policies: { identity: [{ source: "broken", policy: { statements: 7 } as never }] },
  };
  const environment = { catalog, observable: catalog.fullSet(), options: {} };
  assert.throws(() => recommendJobs([broken], environment), TypeError);
  assert.equal(recommendJobs([job], environment).length, 1);
  // This thread takes the last job, the other thread its first batch: the broken job.
  await assert.rejects(
    threadedRecommender(2)([broken, job], environment),
    /recommendation thread failed: TypeError/,
  );
});

test("action lists cross threads as catalog numbers and come back as the same strings, odd spellings too", () => {
  const codec = new ActionListCodec(catalog);
  const removed = catalog.emptySet();
  for (const key of ["s3:PutObject", "iam:CreateRole"]) removed.add(catalog.action(key)!.id);
  for (const service of catalog.services.filter((s) => s.prefix === "sqs"))
    for (let id = service.first; id < service.end; id++) removed.add(id);
  const lists = {
    observedActions: ["s3:GetObject", "ec2:DescribeInstances"],
    removedActions: removed,
    unobservableActions: ["S3:getobject", "not-a-service:Thing"],
    unobservableKept: [],
    inferredActions: ["iam:PassRole"],
  };
  const recommendation = {
    principalArn: "arn:aws:iam::111122223333:role/x",
    policies: [],
    ...lists,
    removedCount: 3,
    removedVerified: 1,
    removedUnverified: 2,
    removedRisks: { "privilege-escalation": ["iam:CreateRole"], other: ["x:*y"] },
    notAllowed: [],
    checks: { withinCurrent: true, coversObserved: true },
    summary: "s",
    terraform: "t",
    cloudformation: "c",
  };
  // The removed actions as `recommend` lists them, in the same place among the fields.
  const listed = (r: typeof recommendation) => ({
    recommendation: { ...r, removedActions: compressByService(catalog, r.removedActions) },
  });
  const wire = codec.pack({ recommendation });
  assert.ok("recommendation" in wire);
  // Catalog spellings travel as numbers; a list with any other spelling travels as it is.
  assert.ok(wire.recommendation.removedActions.words instanceof Uint32Array);
  assert.ok(wire.recommendation.observedActions instanceof Int32Array);
  assert.ok(Array.isArray(wire.recommendation.unobservableActions));
  assert.ok(Array.isArray(wire.recommendation.removedRisks.other));
  const back = codec.unpack(structuredClone(wire));
  assert.deepEqual(back, listed(recommendation));
  assert.ok("recommendation" in back && back.recommendation.removedActions.includes("sqs:*"));
  assert.deepEqual(
    Object.keys("recommendation" in back ? back.recommendation : {}),
    Object.keys(recommendation),
  );
  // A principal's removed actions as an admin's are: whole services and single actions, thousands of them.
  const many = catalog.emptySet();
  for (let id = 0; id < catalog.size; id += id % 7 === 0 ? 1 : 3) many.add(id);
  for (const service of catalog.services.slice(0, 40))
    for (let id = service.first; id < service.end; id++) many.add(id);
  const admin = { ...recommendation, removedActions: many };
  assert.ok(listed(admin).recommendation.removedActions.length > 5000);
  assert.deepEqual(codec.unpack(structuredClone(codec.pack({ recommendation: admin }))), listed(admin));
  // None removed, and every action removed.
  for (const set of [catalog.emptySet(), catalog.fullSet()]) {
    const r = { ...recommendation, removedActions: set };
    assert.deepEqual(codec.unpack(structuredClone(codec.pack({ recommendation: r }))), listed(r));
  }
  // Out of the catalog's order: backwards within a service, a service again, a name twice.
  const shuffled = {
    ...recommendation,
    observedActions: [
      "s3:PutObject",
      "s3:GetObject",
      "s3:*",
      "ec2:DescribeInstances",
      "s3:GetObject",
      "sqs:*",
    ],
  };
  const reordered = codec.pack({ recommendation: shuffled });
  assert.ok("recommendation" in reordered && reordered.recommendation.observedActions instanceof Int32Array);
  assert.deepEqual(codec.unpack(structuredClone(reordered)), listed(shuffled));
  // A set of another catalog's size would list the wrong names.
  const other = codec.pack({ recommendation });
  assert.ok("recommendation" in other);
  other.recommendation.removedActions = { ...other.recommendation.removedActions, size: catalog.size + 32 };
  assert.throws(() => codec.unpack(other), RangeError);
  const failure = {
    failure: { principalArn: "a", reason: "r", violations: [], checks: recommendation.checks },
  };
  assert.deepEqual(codec.unpack(codec.pack(failure)), failure);
});
