import assert from "node:assert/strict";
import { test } from "node:test";
import type { ActivityItem } from "../../../core/engine/activity/types.js";
import { createdContainer } from "../../../core/engine/generate/created-resources.js";
import { makeContext } from "../../../core/engine/policy/context.js";
import { ACCOUNT as APP_ACCOUNT, appProposal, appRecord } from "../../helpers/app-role.js";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { catalog } from "../../helpers/catalog.js";
import { holderDecision } from "../../helpers/holder-decision.js";
import { doc, input, principal } from "../../helpers/policies.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// A nightly job: each run writes that day's export, creates that day's scratch table and deploys
// that day's function. The window saw two runs; the third names resources no trail has shown.
const job = role("nightly", {
  ...ownPolicy([
    { Effect: "Allow", Action: ["s3:PutObject", "s3:GetObject"], Resource: "arn:aws:s3:::exports/*" },
    { Effect: "Allow", Action: "dynamodb:CreateTable", Resource: "*" },
    {
      Effect: "Allow",
      Action: "lambda:CreateFunction",
      Resource: `arn:aws:lambda:*:${ACCOUNT}:function:run-*`,
    },
  ]),
});
const call = (source: string, eventName: string, params: object, resources: string[] = []): ActivityItem =>
  eventItem({
    eventSource: `${source}.amazonaws.com`,
    eventName,
    recipientAccountId: ACCOUNT,
    userIdentity: roleSession(job.arn, "nightly"),
    requestParameters: params,
    resources: resources.map((ARN) => ({ ARN })),
  } as never);
const run = (day: string): ActivityItem[] => [
  call("s3", "PutObject", { bucketName: "exports", key: `daily/${day}.csv` }, [
    `arn:aws:s3:::exports/daily/${day}.csv`,
    "arn:aws:s3:::exports",
  ]),
  call("s3", "GetObject", { bucketName: "exports", key: "config.json" }, [
    "arn:aws:s3:::exports/config.json",
    "arn:aws:s3:::exports",
  ]),
  call("dynamodb", "CreateTable", { tableName: `scratch-${day}` }),
  call("lambda", "CreateFunction20150331", { functionName: `run-${day}` }),
];
const logged = { activity: { loggedDataEvents: ["AWS::S3::Object"] } };
const region = `us-east-1:${ACCOUNT}`;

test("a job's next run may create the resources it names afresh, as today's grants allow, and no more", async () => {
  const report = await auditOf(
    snapshotWith({ roles: [job] }),
    [...run("20260518"), ...run("20260519")],
    logged,
  );
  const rec = report.recommendations.find((r) => r.principalArn === job.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  const documents = rec!.policies.map((p) => p.document);
  const text = JSON.stringify(documents);
  const decide = (action: string, resource: string) => holderDecision(documents, { action, resource });
  assert.equal(decide("s3:PutObject", "arn:aws:s3:::exports/daily/20260520.csv"), "Allow", text);
  assert.equal(
    decide("dynamodb:CreateTable", `arn:aws:dynamodb:${region}:table/scratch-20260520`),
    "Allow",
    text,
  );
  assert.equal(
    decide("lambda:CreateFunction", `arn:aws:lambda:${region}:function:run-20260520`),
    "Allow",
    text,
  );
  // Never past today's grant, nor past the created resource's region and account.
  assert.equal(decide("s3:PutObject", "arn:aws:s3:::other/x"), "ImplicitDeny", text);
  assert.equal(
    decide("lambda:CreateFunction", `arn:aws:lambda:${region}:function:other`),
    "ImplicitDeny",
    text,
  );
  assert.equal(
    decide("dynamodb:CreateTable", `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/x`),
    "ImplicitDeny",
    text,
  );
  // A read names what exists: still scoped to what was read.
  assert.equal(decide("s3:GetObject", "arn:aws:s3:::exports/config.json"), "Allow", text);
  assert.equal(decide("s3:GetObject", "arn:aws:s3:::exports/other.json"), "ImplicitDeny", text);
});

test("a created resource granted without conditions keeps none, though a wider grant has some", async () => {
  const documents = await scratchBuilderDocuments();
  const table = (name: string) => `arn:aws:dynamodb:${region}:table/${name}`;
  const outside = makeContext({ "aws:SourceIp": "203.0.113.9" });
  const decide = (resource: string) =>
    holderDecision(documents, { action: "dynamodb:CreateTable", resource, context: outside });
  const text = JSON.stringify(documents);
  assert.equal(decide(table("scratch-20260520")), "Allow", text);
  assert.equal(decide(table("other")), "ImplicitDeny", text);
});

test("a created resource granted without conditions keeps a wider conditional grant on its container only", async () => {
  const documents = await scratchBuilderDocuments();
  const inOffice = makeContext({ "aws:SourceIp": "10.1.2.3" });
  const decide = (resource: string) =>
    holderDecision(documents, { action: "dynamodb:CreateTable", resource, context: inOffice });
  const text = JSON.stringify(documents);
  // The window's tables and their container, in the office as today.
  assert.equal(decide(`arn:aws:dynamodb:${region}:table/other`), "Allow", text);
  // Not every resource of every account, which no call needed.
  assert.equal(
    decide(`arn:aws:dynamodb:${region.split(":")[0]}:444455556666:table/other`),
    "ImplicitDeny",
    text,
  );
  assert.equal(decide("arn:aws:s3:::some-bucket/key"), "ImplicitDeny", text);
});

/**
 * The proven documents for a role allowed CreateTable outright on `scratch-*` tables and on `*` only
 * from the office network, seen creating a scratch table on two days.
 */
async function scratchBuilderDocuments() {
  const office = { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } };
  const builder = role("builder", {
    ...ownPolicy([
      {
        Effect: "Allow",
        Action: "dynamodb:CreateTable",
        Resource: `arn:aws:dynamodb:*:${ACCOUNT}:table/scratch-*`,
      },
      { Effect: "Allow", Action: "dynamodb:CreateTable", Resource: "*", Condition: office },
    ]),
  });
  const create = (day: string) =>
    eventItem({
      eventSource: "dynamodb.amazonaws.com",
      eventName: "CreateTable",
      recipientAccountId: ACCOUNT,
      userIdentity: roleSession(builder.arn, "builder"),
      requestParameters: { tableName: `scratch-${day}` },
    } as never);
  const report = await auditOf(snapshotWith({ roles: [builder] }), [create("20260518"), create("20260519")]);
  const rec = report.recommendations.find((r) => r.principalArn === builder.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  const documents = rec!.policies.map((p) => p.document);
  return documents;
}

/**
 * The proven documents for a role granted `statements`, seen on two nights making the calls
 * `night` builds for each.
 */
async function nightlyDocuments(statements: object[], night: (day: string) => ActivityItem[]) {
  const runner = role("runner", { ...ownPolicy(statements) });
  const report = await auditOf(
    snapshotWith({ roles: [runner] }),
    [...night("20260518"), ...night("20260519")],
    logged,
  );
  const rec = report.recommendations.find((r) => r.principalArn === runner.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  return rec!.policies.map((p) => p.document);
}

const made = (source: string, eventName: string, params: object, resources: string[] = []) =>
  eventItem({
    eventSource: `${source}.amazonaws.com`,
    eventName,
    recipientAccountId: ACCOUNT,
    userIdentity: roleSession(role("runner", {}).arn, "runner"),
    awsRegion: "us-east-1",
    requestParameters: params,
    resources: resources.map((ARN) => ({ ARN })),
  } as never);

test("a call that creates a resource its name does not spell keeps that type's container too", async () => {
  // PutMetricAlarm creates an `alarm`, CreateDBInstance a `db`, CreateDBClusterSnapshot a
  // `cluster-snapshot`; RegisterTaskDefinition a new revision of its family.
  const documents = await nightlyDocuments(
    [
      {
        Effect: "Allow",
        Action: ["cloudwatch:PutMetricAlarm", "rds:CreateDBInstance", "ecs:RegisterTaskDefinition"],
        Resource: "*",
      },
      {
        Effect: "Allow",
        Action: "rds:CreateDBClusterSnapshot",
        Resource: [`arn:aws:rds:*:${ACCOUNT}:cluster-snapshot:*`, `arn:aws:rds:*:${ACCOUNT}:cluster:main`],
      },
    ],
    (day) => [
      made("monitoring", "PutMetricAlarm", { alarmName: `alarm-${day}` }, [
        `arn:aws:cloudwatch:${region}:alarm:alarm-${day}`,
      ]),
      made("rds", "CreateDBInstance", { dBInstanceIdentifier: `db-${day}` }, [
        `arn:aws:rds:${region}:db:db-${day}`,
      ]),
      made("rds", "CreateDBClusterSnapshot", { dBClusterIdentifier: "main" }, [
        `arn:aws:rds:${region}:cluster:main`,
        `arn:aws:rds:${region}:cluster-snapshot:main-${day}`,
      ]),
      made("ecs", "RegisterTaskDefinition", { family: "export" }, [
        `arn:aws:ecs:${region}:task-definition/export:${day.slice(-2)}`,
      ]),
    ],
  );
  const text = JSON.stringify(documents);
  const decide = (action: string, resource: string) => holderDecision(documents, { action, resource });
  const next = [
    ["cloudwatch:PutMetricAlarm", `arn:aws:cloudwatch:${region}:alarm:alarm-20260520`],
    ["rds:CreateDBInstance", `arn:aws:rds:${region}:db:db-20260520`],
    ["rds:CreateDBClusterSnapshot", `arn:aws:rds:${region}:cluster-snapshot:main-20260520`],
    ["ecs:RegisterTaskDefinition", `arn:aws:ecs:${region}:task-definition/export:20`],
  ];
  for (const [action, resource] of next)
    assert.equal(decide(action!, resource!), "Allow", `${action} ${text}`);
  // The created type's container only: not another region, nor another family's revisions, nor
  // the source cluster past the one named.
  const outside = [
    ["cloudwatch:PutMetricAlarm", `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:alarm-20260520`],
    ["rds:CreateDBInstance", `arn:aws:rds:eu-west-1:${ACCOUNT}:db:db-20260520`],
    ["rds:CreateDBInstance", `arn:aws:rds:${region}:og:default`],
    ["rds:CreateDBClusterSnapshot", `arn:aws:rds:${region}:cluster:other`],
    ["ecs:RegisterTaskDefinition", `arn:aws:ecs:${region}:task-definition/other:3`],
  ];
  for (const [action, resource] of outside)
    assert.equal(decide(action!, resource!), "ImplicitDeny", `${action} ${resource} ${text}`);
});

test("an object written through an access point keeps the access point's objects, and reads stay scoped", async () => {
  const point = `arn:aws:s3:${region}:accesspoint/exports`;
  const documents = await nightlyDocuments(
    [{ Effect: "Allow", Action: ["s3:PutObject", "s3:GetObject"], Resource: `${point}/object/*` }],
    (day) => [
      made("s3", "PutObject", { bucketName: "exports", key: `exports/${day}.csv` }, [point]),
      made("s3", "GetObject", { bucketName: "exports", key: "config.json" }, [point]),
    ],
  );
  const text = JSON.stringify(documents);
  const decide = (action: string, resource: string) => holderDecision(documents, { action, resource });
  assert.equal(decide("s3:PutObject", `${point}/object/exports/20260520.csv`), "Allow", text);
  assert.equal(
    decide("s3:PutObject", `arn:aws:s3:${region}:accesspoint/other/object/x`),
    "ImplicitDeny",
    text,
  );
  assert.equal(decide("s3:GetObject", `${point}/object/config.json`), "Allow", text);
  assert.equal(decide("s3:GetObject", `${point}/object/exports/20260518.csv`), "ImplicitDeny", text);
});

test("tags given to a resource as it is created keep the created resource's container, tags on others stay scoped", async () => {
  const fn = (name: string, where = region) => `arn:aws:lambda:${where}:function:${name}`;
  const documents = await nightlyDocuments(
    [
      {
        Effect: "Allow",
        Action: "lambda:CreateFunction",
        Resource: `arn:aws:lambda:*:${ACCOUNT}:function:run-*`,
      },
      { Effect: "Allow", Action: ["lambda:TagResource", "secretsmanager:TagResource"], Resource: "*" },
      { Effect: "Allow", Action: "secretsmanager:CreateSecret", Resource: "*" },
      {
        Effect: "Allow",
        Action: ["s3:PutObject", "s3:PutObjectTagging"],
        Resource: "arn:aws:s3:::exports/*",
      },
    ],
    (day) => [
      made("lambda", "CreateFunction20150331", { functionName: `run-${day}`, tags: { team: "data" } }),
      made("secretsmanager", "CreateSecret", { name: `job-${day}`, tags: [{ key: "team", value: "data" }] }),
      made(
        "s3",
        "PutObject",
        { bucketName: "exports", key: `daily/${day}.csv`, "x-amz-tagging": "team=data" },
        [`arn:aws:s3:::exports/daily/${day}.csv`, "arn:aws:s3:::exports"],
      ),
    ],
  );
  const text = JSON.stringify(documents);
  const decide = (action: string, resource: string) => holderDecision(documents, { action, resource });
  const secret = (name: string) => `arn:aws:secretsmanager:${region}:secret:${name}`;
  // The next night's creations, tagged as they are created.
  assert.equal(decide("lambda:CreateFunction", fn("run-20260520")), "Allow", text);
  assert.equal(decide("lambda:TagResource", fn("run-20260520")), "Allow", text);
  assert.equal(decide("secretsmanager:CreateSecret", secret("job-20260520-AbCdEf")), "Allow", text);
  assert.equal(decide("secretsmanager:TagResource", secret("job-20260520-AbCdEf")), "Allow", text);
  assert.equal(decide("s3:PutObjectTagging", "arn:aws:s3:::exports/daily/20260520.csv"), "Allow", text);
  // Never past the created resource's container, nor onto resources the job only tags.
  assert.equal(
    decide("lambda:TagResource", fn("run-20260520", `eu-west-1:${ACCOUNT}`)),
    "ImplicitDeny",
    text,
  );
  assert.equal(decide("s3:PutObjectTagging", "arn:aws:s3:::other/x"), "ImplicitDeny", text);
  // A job that only tags a function it did not create keeps that function alone.
  const tagger = await nightlyDocuments(
    [{ Effect: "Allow", Action: "lambda:TagResource", Resource: "*" }],
    (day) => [
      made("lambda", "TagResource20170331v2", { resource: fn("shared"), tags: { run: day } }, [fn("shared")]),
    ],
  );
  const tagged = JSON.stringify(tagger);
  assert.equal(
    holderDecision(tagger, { action: "lambda:TagResource", resource: fn("shared") }),
    "Allow",
    tagged,
  );
  assert.equal(
    holderDecision(tagger, { action: "lambda:TagResource", resource: fn("other") }),
    "ImplicitDeny",
    tagged,
  );
});

test("a rule put on an event bus keeps that bus's rules, on the default bus the region's", async () => {
  const rule = (name: string, where = region) => `arn:aws:events:${where}:rule/${name}`;
  const put = (name: string) => made("events", "PutRule", { name }, [rule(name)]);
  const grant = [{ Effect: "Allow", Action: "events:PutRule", Resource: "*" }];
  const onDefault = await nightlyDocuments(grant, (day) => [put(`cleanup-${day}`)]);
  const onOrders = await nightlyDocuments(grant, (day) => [put(`orders/sync-${day}`)]);
  const decide = (documents: unknown[], resource: string) =>
    holderDecision(documents, { action: "events:PutRule", resource });
  const text = JSON.stringify([onDefault, onOrders]);
  assert.equal(decide(onDefault, rule("cleanup-20260520")), "Allow", text);
  assert.equal(decide(onDefault, rule("cleanup-20260520", `eu-west-1:${ACCOUNT}`)), "ImplicitDeny", text);
  assert.equal(decide(onOrders, rule("orders/sync-20260520")), "Allow", text);
  assert.equal(decide(onOrders, rule("audit/sync-20260520")), "ImplicitDeny", text);
  assert.equal(decide(onOrders, rule("sync-20260520")), "ImplicitDeny", text);
});

test("a created resource whose ARN names its parent by a variable keeps that parent's resources only", async () => {
  // A Glue table's database, an ECS service's or a snapshot's cluster and an Outposts bucket's outpost are
  // variables of the created type's own ARN, no other type's format: the container stops at the
  // new name.
  const at = (service: string, resource: string) => `arn:aws:${service}:${region}:${resource}`;
  const documents = await nightlyDocuments(
    [
      {
        Effect: "Allow",
        Action: [
          "glue:CreateTable",
          "ecs:CreateService",
          "s3-outposts:CreateBucket",
          "s3-outposts:CreateAccessPoint",
          "redshift:CreateClusterSnapshot",
        ],
        Resource: "*",
      },
    ],
    (day) => [
      made("glue", "CreateTable", { databaseName: "staging", tableInput: { name: `t_${day}` } }, [
        at("glue", "catalog"),
        at("glue", "database/staging"),
        at("glue", `table/staging/t_${day}`),
      ]),
      made("ecs", "CreateService", { cluster: "batch", serviceName: `svc-${day}` }, [
        at("ecs", `service/batch/svc-${day}`),
      ]),
      made("s3-outposts", "CreateBucket", { bucket: `b-${day}` }, [
        at("s3-outposts", `outpost/op-1/bucket/b-${day}`),
      ]),
      made("s3-outposts", "CreateAccessPoint", { name: `ap-${day}` }, [
        at("s3-outposts", `outpost/op-1/accesspoint/ap-${day}`),
      ]),
      made(
        "redshift",
        "CreateClusterSnapshot",
        { clusterIdentifier: "wh", snapshotIdentifier: `wh-${day}` },
        [at("redshift", "cluster:wh"), at("redshift", `snapshot:wh/wh-${day}`)],
      ),
    ],
  );
  const text = JSON.stringify(documents);
  const decide = (action: string, resource: string) => holderDecision(documents, { action, resource });
  const next = [
    ["glue:CreateTable", at("glue", "table/staging/t_20260520")],
    ["ecs:CreateService", at("ecs", "service/batch/svc-20260520")],
    ["s3-outposts:CreateBucket", at("s3-outposts", "outpost/op-1/bucket/b-20260520")],
    ["s3-outposts:CreateAccessPoint", at("s3-outposts", "outpost/op-1/accesspoint/ap-20260520")],
    ["redshift:CreateClusterSnapshot", at("redshift", "snapshot:wh/wh-20260520")],
  ];
  for (const [action, resource] of next) assert.equal(decide(action!, resource!), "Allow", text);
  const elsewhere = [
    ["glue:CreateTable", at("glue", "table/prod/t_20260520")],
    ["ecs:CreateService", at("ecs", "service/web/svc-20260520")],
    ["s3-outposts:CreateBucket", at("s3-outposts", "outpost/op-2/bucket/b-20260520")],
    ["s3-outposts:CreateAccessPoint", at("s3-outposts", "outpost/op-2/accesspoint/ap-20260520")],
    ["redshift:CreateClusterSnapshot", at("redshift", "snapshot:other/wh-20260520")],
  ];
  for (const [action, resource] of elsewhere)
    assert.equal(decide(action!, resource!), "ImplicitDeny", `${action} ${resource} ${text}`);
});

test("a job that creates a resource each run keeps its writes to the next one, one created once keeps the one", async () => {
  const rule = (name: string) => `arn:aws:events:${region}:rule/${name}`;
  const targets = (name: string) => made("events", "PutTargets", { rule: name }, [rule(name)]);
  const grant = [{ Effect: "Allow", Action: ["events:PutRule", "events:PutTargets"], Resource: "*" }];
  // Each night a new dated rule, then its targets.
  const nightly = await nightlyDocuments(grant, (day) => [
    made("events", "PutRule", { name: `cleanup-${day}` }, [rule(`cleanup-${day}`)]),
    targets(`cleanup-${day}`),
  ]);
  const text = JSON.stringify(nightly);
  const decide = (documents: unknown[], resource: string) =>
    holderDecision(documents, { action: "events:PutTargets", resource });
  assert.equal(decide(nightly, rule("cleanup-20260520")), "Allow", text);
  assert.equal(
    decide(nightly, `arn:aws:events:eu-west-1:${ACCOUNT}:rule/cleanup-20260520`),
    "ImplicitDeny",
    text,
  );
  // One rule created on the first night, its targets replaced each night since: only that rule.
  const once = await nightlyDocuments(grant, (day) => [
    ...(day === "20260518" ? [made("events", "PutRule", { name: "sync" }, [rule("sync")])] : []),
    targets("sync"),
  ]);
  const onceText = JSON.stringify(once);
  assert.equal(decide(once, rule("sync")), "Allow", onceText);
  assert.equal(decide(once, rule("other")), "ImplicitDeny", onceText);
});

test("a created type whose listed variable the catalog no longer spells keeps no container", () => {
  const action = catalog.action("ecs:RegisterTaskDefinition")!;
  const revision = `arn:aws:ecs:${region}:task-definition/export:19`;
  assert.equal(createdContainer(catalog, action, revision), `arn:aws:ecs:${region}:task-definition/export:*`);
  // The same action from a catalog that renamed the revision's variable.
  const renamed = {
    ...action,
    resourceTypes: action.resourceTypes.map((t) => ({
      ...t,
      arnFormat: t.arnFormat.replace("TaskDefinitionRevisionNumber", "Revision"),
    })),
  };
  assert.equal(createdContainer(catalog, renamed, revision), undefined);
});

test("a job that creates a resource each run keeps its reads and permission changes on the next one", async () => {
  const fn = (name: string, where = region) => `arn:aws:lambda:${where}:function:${name}`;
  const grant = [{ Effect: "Allow", Action: "lambda:*", Resource: `arn:aws:lambda:*:${ACCOUNT}:function:*` }];
  const calls = (name: string) => [
    made("lambda", "GetFunction20150331v2", { functionName: name }, [fn(name)]),
    made("lambda", "AddPermission20150331v2", { functionName: name, statementId: "s3" }, [fn(name)]),
  ];
  // Each night a new dated function, read back and opened to its trigger.
  const nightly = await nightlyDocuments(grant, (day) => [
    made("lambda", "CreateFunction20150331", { functionName: `run-${day}` }, [fn(`run-${day}`)]),
    ...calls(`run-${day}`),
  ]);
  const text = JSON.stringify(nightly);
  const decide = (documents: unknown[], action: string, resource: string) =>
    holderDecision(documents, { action, resource });
  for (const action of ["lambda:GetFunction", "lambda:AddPermission"]) {
    assert.equal(decide(nightly, action, fn("run-20260520")), "Allow", `${action} ${text}`);
    assert.equal(decide(nightly, action, fn("run-20260520", `eu-west-1:${ACCOUNT}`)), "ImplicitDeny", text);
  }
  // One function made on the first night and used since: that function alone.
  const once = await nightlyDocuments(grant, (day) => [
    ...(day === "20260518"
      ? [made("lambda", "CreateFunction20150331", { functionName: "sync" }, [fn("sync")])]
      : []),
    ...calls("sync"),
  ]);
  const onceText = JSON.stringify(once);
  for (const action of ["lambda:GetFunction", "lambda:AddPermission"]) {
    assert.equal(decide(once, action, fn("sync")), "Allow", onceText);
    assert.equal(decide(once, action, fn("other")), "ImplicitDeny", onceText);
  }
});

test("two resources made once each by different creating calls keep the calls on them alone", () => {
  const alarms = `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm`;
  const on = (name: string) => ({ resources: [{ ARN: `${alarms}:${name}` }] });
  const current = principal([
    input("inline", doc({ Effect: "Allow", Action: "cloudwatch:*", Resource: "*" })),
  ]);
  // One metric alarm and one composite alarm over it, set once: not a job making a new alarm each run.
  const { proposed } = appProposal(current, [
    appRecord("monitoring", "PutMetricAlarm", { alarmName: "reports" }, on("reports")),
    appRecord("monitoring", "PutCompositeAlarm", { alarmName: "reports-all" }, on("reports-all")),
    appRecord("monitoring", "SetAlarmState", { alarmName: "reports", stateValue: "OK" }, on("reports")),
  ]);
  const set = (name: string) =>
    proposed.evaluate({ action: "cloudwatch:SetAlarmState", resource: `${alarms}:${name}` }).decision;
  assert.equal(set("reports"), "Allow");
  assert.equal(set("other"), "ImplicitDeny");
});

// "Names are not distinguished by case. For example, you cannot create roles named both "MyRole"
// and "myrole"." https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
test("one role created under two spellings of its name is one resource, not a new one each run", () => {
  const current = principal([
    input(
      "inline",
      doc({ Effect: "Allow", Action: "iam:*", Resource: `arn:aws:iam::${APP_ACCOUNT}:role/*` }),
    ),
  ]);
  const { proposed } = appProposal(current, [
    appRecord("iam", "CreateRole", { roleName: "Deployer" }),
    appRecord("iam", "CreateRole", { roleName: "deployer" }, { errorCode: "EntityAlreadyExistsException" }),
    appRecord(
      "iam",
      "PutRolePolicy",
      { roleName: "Deployer", policyName: "deploy" },
      { resources: [{ ARN: `arn:aws:iam::${APP_ACCOUNT}:role/Deployer` }] },
    ),
  ]);
  const put = (name: string) =>
    proposed.evaluate({ action: "iam:PutRolePolicy", resource: `arn:aws:iam::${APP_ACCOUNT}:role/${name}` })
      .decision;
  assert.equal(put("Deployer"), "Allow");
  assert.equal(put("admin"), "ImplicitDeny");
});

/**
 * A KMS key made by CreateKey (granted on `*` only; CloudTrail lists the new key among the
 * record's resources), tagged as it is made, given an alias named for it and rotation.
 */
const keyMade = (id: string) => {
  const keys = `arn:aws:kms:eu-west-1:${APP_ACCOUNT}`;
  const on = (...arns: string[]) => ({ resources: arns.map((ARN) => ({ ARN, type: "AWS::KMS::Key" })) });
  const key = `${keys}:key/${id}`;
  return [
    appRecord(
      "kms",
      "CreateKey",
      { keySpec: "SYMMETRIC_DEFAULT", tags: [{ tagKey: "run", tagValue: id }] },
      on(key),
    ),
    appRecord(
      "kms",
      "CreateAlias",
      { aliasName: `alias/run-${id}`, targetKeyId: id },
      on(key, `${keys}:alias/run-${id}`),
    ),
    appRecord("kms", "EnableKeyRotation", { keyId: id }, on(key)),
  ];
};
const KMS_KEYS = `arn:aws:kms:eu-west-1:${APP_ACCOUNT}:key`;
const kmsGranted = () =>
  principal([input("inline", doc({ Effect: "Allow", Action: "kms:*", Resource: "*" }))]);

// "To add tags when creating a KMS key, the caller must have kms:TagResource permission in an IAM
// policy. At a minimum, the permission must cover all KMS keys in the account and Region."
// https://docs.aws.amazon.com/kms/latest/developerguide/manage-tags-api.html
test("a key created with tags keeps kms:TagResource on the Region's keys, which CreateKey's tags need", () => {
  const { recommendation, proposed } = appProposal(
    kmsGranted(),
    keyMade("1111aaaa-0000-4000-8000-000000000001"),
  );
  assert.deepEqual(recommendation.checks, { withinCurrent: true, coversObserved: true });
  const decide = (action: string, resource: string) => proposed.evaluate({ action, resource }).decision;
  assert.equal(decide("kms:TagResource", `${KMS_KEYS}/any-key-of-the-region`), "Allow");
  assert.equal(decide("kms:TagResource", `arn:aws:kms:us-east-1:${APP_ACCOUNT}:key/x`), "ImplicitDeny");
  // Made once: its other calls stay on it.
  assert.equal(decide("kms:EnableKeyRotation", `${KMS_KEYS}/1111aaaa-0000-4000-8000-000000000001`), "Allow");
  assert.equal(decide("kms:EnableKeyRotation", `${KMS_KEYS}/other`), "ImplicitDeny");
});

test("a job creating a key each run keeps its calls on the next run's key", () => {
  const { recommendation, proposed } = appProposal(kmsGranted(), [
    ...keyMade("1111aaaa-0000-4000-8000-000000000001"),
    ...keyMade("2222bbbb-0000-4000-8000-000000000002"),
  ]);
  assert.deepEqual(recommendation.checks, { withinCurrent: true, coversObserved: true });
  const next = `${KMS_KEYS}/3333cccc-0000-4000-8000-000000000003`;
  for (const action of ["kms:TagResource", "kms:CreateAlias", "kms:EnableKeyRotation"])
    assert.equal(
      proposed.evaluate({ action, resource: next }).decision,
      "Allow",
      `${action}: the third run is refused`,
    );
  assert.equal(
    proposed.evaluate({
      action: "kms:EnableKeyRotation",
      resource: `arn:aws:kms:us-east-1:${APP_ACCOUNT}:key/x`,
    }).decision,
    "ImplicitDeny",
  );
  // Reads were never seen: not kept.
  assert.equal(proposed.evaluate({ action: "kms:Decrypt", resource: next }).decision, "ImplicitDeny");
});

test("a job making a bucket each run keeps its object writes and reads inside the next run's bucket", () => {
  const current = principal([
    input(
      "inline",
      doc(
        { Effect: "Allow", Action: "s3:CreateBucket", Resource: "*" },
        {
          Effect: "Allow",
          Action: "s3:PutObject",
          Resource: ["arn:aws:s3:::scratch-*/*", "arn:aws:s3:::prod-data/*"],
        },
        { Effect: "Allow", Action: "s3:GetObject", Resource: "*" },
      ),
    ),
  ]);
  const run = (day: string) => [
    appRecord("s3", "CreateBucket", { bucketName: `scratch-${day}` }),
    appRecord("s3", "PutObject", { bucketName: `scratch-${day}`, key: "input/data.csv" }),
    appRecord("s3", "GetObject", { bucketName: `scratch-${day}`, key: "input/data.csv" }),
  ];
  const { recommendation, proposed } = appProposal(current, [...run("20261101"), ...run("20261102")]);
  assert.deepEqual(recommendation.checks, { withinCurrent: true, coversObserved: true });
  const decide = (action: string, resource: string) => proposed.evaluate({ action, resource }).decision;
  for (const action of ["s3:PutObject", "s3:GetObject"])
    assert.equal(decide(action, "arn:aws:s3:::scratch-20261103/input/data.csv"), "Allow", action);
  // Never past today's grant.
  assert.equal(decide("s3:PutObject", "arn:aws:s3:::other/input/data.csv"), "ImplicitDeny");
  // Nor onto another bucket granted today that the job never wrote.
  assert.equal(decide("s3:PutObject", "arn:aws:s3:::prod-data/input/data.csv"), "ImplicitDeny");
  // A read names what exists: the key read, in whichever run's bucket.
  assert.equal(decide("s3:GetObject", "arn:aws:s3:::scratch-20261103/secret.csv"), "ImplicitDeny");
  assert.equal(decide("s3:GetObject", "arn:aws:s3:::other/secret.csv"), "ImplicitDeny");
});

test("a job making a table each run keeps its index queries on the next run's table, and a table made once its own", () => {
  const tables = `arn:aws:dynamodb:eu-west-1:${APP_ACCOUNT}:table`;
  const current = principal([input("inline", doc({ Effect: "Allow", Action: "dynamodb:*", Resource: "*" }))]);
  const run = (name: string) => [
    appRecord("dynamodb", "CreateTable", { tableName: name }),
    appRecord("dynamodb", "Query", { tableName: name, indexName: "by-date" }),
  ];
  const query = (documents: ReturnType<typeof appProposal>["proposed"], table: string) =>
    documents.evaluate({ action: "dynamodb:Query", resource: `${tables}/${table}/index/by-date` }).decision;
  const nightly = appProposal(current, [...run("scratch-20261101"), ...run("scratch-20261102")]);
  assert.deepEqual(nightly.recommendation.checks, { withinCurrent: true, coversObserved: true });
  assert.equal(query(nightly.proposed, "scratch-20261103"), "Allow", "the third night's query is refused");
  assert.equal(
    nightly.proposed.evaluate({ action: "dynamodb:Query", resource: `${tables}/scratch-20261103` }).decision,
    "ImplicitDeny",
  );
  const once = appProposal(current, run("orders"));
  assert.equal(query(once.proposed, "orders"), "Allow");
  assert.equal(query(once.proposed, "other"), "ImplicitDeny");
});

test("a job creating a queue by name each run keeps its calls on the next run's queue", () => {
  const url = (name: string) => `https://sqs.eu-west-1.amazonaws.com/${APP_ACCOUNT}/${name}`;
  const queue = (name: string, account = APP_ACCOUNT) => `arn:aws:sqs:eu-west-1:${account}:${name}`;
  const current = principal([
    input(
      "inline",
      doc(
        {
          Effect: "Allow",
          Action: ["sqs:CreateQueue", "sqs:SetQueueAttributes"],
          Resource: `arn:aws:sqs:*:${APP_ACCOUNT}:*`,
        },
        { Effect: "Allow", Action: "sqs:GetQueueUrl", Resource: "*" },
      ),
    ),
  ]);
  const run = (name: string) => [
    appRecord("sqs", "CreateQueue", { queueName: name }),
    appRecord("sqs", "SetQueueAttributes", { queueUrl: url(name), attributes: { VisibilityTimeout: "60" } }),
  ];
  const { recommendation, proposed } = appProposal(current, [
    ...run("run-1"),
    ...run("run-2"),
    // Another account's queue, found by its owner's account id.
    appRecord("sqs", "GetQueueUrl", { queueName: "shared", queueOwnerAWSAccountId: "444455556666" }),
  ]);
  assert.deepEqual(recommendation.checks, { withinCurrent: true, coversObserved: true });
  const decide = (action: string, resource: string) => proposed.evaluate({ action, resource }).decision;
  for (const action of ["sqs:CreateQueue", "sqs:SetQueueAttributes"]) {
    assert.equal(decide(action, queue("run-3")), "Allow", `${action}: the third run is refused`);
    assert.equal(decide(action, `arn:aws:sqs:us-east-1:${APP_ACCOUNT}:run-3`), "ImplicitDeny", action);
  }
  assert.equal(decide("sqs:GetQueueUrl", queue("shared", "444455556666")), "Allow");
  assert.equal(decide("sqs:GetQueueUrl", queue("other", "444455556666")), "ImplicitDeny");
});

test("a job creating a topic by name each run keeps its calls on the next run's topic", () => {
  const topic = (name: string, region = "eu-west-1") => `arn:aws:sns:${region}:${APP_ACCOUNT}:${name}`;
  const current = principal([
    input(
      "inline",
      doc({
        Effect: "Allow",
        Action: ["sns:CreateTopic", "sns:Subscribe"],
        Resource: `arn:aws:sns:*:${APP_ACCOUNT}:*`,
      }),
    ),
  ]);
  const run = (name: string) => [
    appRecord("sns", "CreateTopic", { name }),
    appRecord("sns", "Subscribe", {
      topicArn: topic(name),
      protocol: "sqs",
      endpoint: "arn:aws:sqs:eu-west-1:1:q",
    }),
  ];
  const { recommendation, proposed } = appProposal(current, [...run("run-1"), ...run("run-2")]);
  assert.deepEqual(recommendation.checks, { withinCurrent: true, coversObserved: true });
  for (const action of ["sns:CreateTopic", "sns:Subscribe"]) {
    assert.equal(
      proposed.evaluate({ action, resource: topic("run-3") }).decision,
      "Allow",
      `${action}: the third run is refused`,
    );
    assert.equal(
      proposed.evaluate({ action, resource: topic("run-3", "us-east-1") }).decision,
      "ImplicitDeny",
      action,
    );
  }
});
