import assert from "node:assert/strict";
import { test } from "node:test";
import type { Report } from "../../../core/engine/report/schema.js";
import type { Snapshot } from "../../../core/engine/snapshot/model.js";
import { AUDIT_NOW, auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// glue:CreateTableOptimizer is newer than the operations the trail read knows Glue records: granted,
// it may be called where no trail records it. The Service Authorization Reference lists glue:GetTable
// among its dependent actions (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsglue.html):
// IAM checks it inside each optimizer call, whose record (if any) is not a GetTable event.
const lake = role("lake", {
  ...ownPolicy([
    {
      Effect: "Allow",
      Action: ["glue:CreateTableOptimizer", "glue:GetTable", "glue:GetDatabases", "glue:DeleteDatabase"],
      Resource: "*",
    },
    { Effect: "Allow", Action: "iam:ListRoles", Resource: "*" },
  ]),
});

/** The actions the unused-action finding names, and the services unused-service does (`glue:*`). */
function unusedOf(report: Report): string[] {
  const of = (kind: string) => report.findings.filter((f) => f.kind === kind && f.principalArn === lake.arn);
  const services = of("unused-service").flatMap((f) =>
    (f.evidence.services as { service: string }[]).map((s) => `${s.service}:*`),
  );
  return [...of("unused-action").flatMap((f) => f.actions ?? []), ...services].sort();
}

function keeps(report: Report, action: string): boolean {
  const rec = report.recommendations.find((r) => r.principalArn === lake.arn);
  return JSON.stringify(rec?.policies ?? []).includes(`"${action}"`);
}

const call = (eventSource: string, eventName: string) =>
  eventItem({ eventSource, eventName, userIdentity: roleSession(lake.arn, "lake") });

test("the dependent of an action possibly called unrecorded is not called unused", async () => {
  const report = await auditOf(snapshotWith({ roles: [lake] }), [call("glue.amazonaws.com", "GetDatabases")]);
  assert.equal(keeps(report, "glue:GetTable"), true);
  assert.deepEqual(unusedOf(report), ["glue:DeleteDatabase", "iam:*"]);
});

test("nor where the trail shows nothing of its service", async () => {
  const report = await auditOf(snapshotWith({ roles: [lake] }), [call("iam.amazonaws.com", "ListRoles")]);
  assert.equal(keeps(report, "glue:GetTable"), true);
  assert.deepEqual(unusedOf(report), ["glue:DeleteDatabase", "glue:GetDatabases"]);
});

// IAM's last-accessed data, current to the audit, shows no Glue access in the window: no optimizer
// call needed the table read, and a recommendation dropping what that data shows unused drops both.
const glueIdle: Snapshot = {
  ...snapshotWith({ roles: [lake] }),
  collectedAt: AUDIT_NOW.toISOString(),
  lastAccessed: {
    [lake.arn]: {
      services: [
        { namespace: "glue", lastAuthenticated: "2025-10-01T00:00:00Z" },
        { namespace: "iam", lastAuthenticated: "2026-05-20T00:00:00Z" },
      ],
    },
  },
};

test("the dependent is called unused where last-accessed data shows its action not called", async () => {
  const items = [call("iam.amazonaws.com", "ListRoles")];
  const dropping = await auditOf(glueIdle, items, { generate: { unobservable: "keep-if-accessed" } });
  assert.equal(keeps(dropping, "glue:CreateTableOptimizer"), false);
  assert.equal(keeps(dropping, "glue:GetTable"), false);
  assert.deepEqual(unusedOf(dropping), ["glue:DeleteDatabase", "glue:GetDatabases", "glue:GetTable"]);
});

// A recommendation keeping every unobservable action (the default) keeps the optimizer whatever
// that data shows, and the table read its calls need with it: that read is not called unused.
test("nor where the recommendation keeps its action whatever last-accessed data shows", async () => {
  const keeping = await auditOf(glueIdle, [call("iam.amazonaws.com", "ListRoles")]);
  assert.equal(keeps(keeping, "glue:CreateTableOptimizer"), true);
  assert.equal(keeps(keeping, "glue:GetTable"), true);
  assert.deepEqual(unusedOf(keeping), ["glue:DeleteDatabase", "glue:GetDatabases"]);
});

// aiops:CreateInvestigationEvent is not an operation the trail read knows AI Operations records; the
// Service Authorization Reference lists cloudwatch:DescribeAlarms among its dependent actions
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonaioperations.html).
// Its calls may use CloudWatch unseen, so CloudWatch is not an unused service: only its actions no
// such call needs are unused.
test("a service holding such a dependent is not called unused as a whole", async () => {
  const responder = role("lake", {
    ...ownPolicy([
      {
        Effect: "Allow",
        Action: ["aiops:CreateInvestigationEvent", "cloudwatch:DescribeAlarms", "cloudwatch:DeleteAlarms"],
        Resource: "*",
      },
      { Effect: "Allow", Action: "iam:ListRoles", Resource: "*" },
    ]),
  });
  const report = await auditOf(snapshotWith({ roles: [responder] }), [
    call("iam.amazonaws.com", "ListRoles"),
  ]);
  assert.equal(keeps(report, "cloudwatch:DescribeAlarms"), true);
  assert.deepEqual(unusedOf(report), ["cloudwatch:DeleteAlarms"]);
});

// emr-serverless:StartJobRun is not an operation the trail read knows EMR Serverless records; the
// Service Authorization Reference lists iam:PassRole among its dependent actions
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonemrserverless.html):
// each run passes its job's runtime role. A recorded call's parameters show which role it passed,
// if any; with no record, the job's next run may pass the role as any run may have.
const submitter = role("lake", {
  ...ownPolicy([
    { Effect: "Allow", Action: "emr-serverless:StartJobRun", Resource: "*" },
    {
      Effect: "Allow",
      Action: ["iam:PassRole", "iam:GetRole"],
      Resource: `arn:aws:iam::${ACCOUNT}:role/etl-job`,
    },
    { Effect: "Allow", Action: "sts:GetCallerIdentity", Resource: "*" },
  ]),
});

test("a role an unrecorded call may pass keeps its service from being called unused", async () => {
  const report = await auditOf(snapshotWith({ roles: [submitter] }), [
    call("sts.amazonaws.com", "GetCallerIdentity"),
  ]);
  assert.equal(keeps(report, "iam:PassRole"), true);
  assert.deepEqual(unusedOf(report), ["iam:GetRole"]);
});

// Last-accessed data shows the job submitted in the window: the role it passed is in use with it.
test("nor where last-accessed data alone shows that call made", async () => {
  const snapshot: Snapshot = {
    ...snapshotWith({ roles: [submitter] }),
    collectedAt: AUDIT_NOW.toISOString(),
    lastAccessed: {
      [submitter.arn]: {
        services: [
          {
            namespace: "emr-serverless",
            lastAuthenticated: "2026-05-20T00:00:00Z",
            actions: [{ action: "StartJobRun", lastAccessed: "2026-05-20T00:00:00Z" }],
          },
          { namespace: "sts", lastAuthenticated: "2026-05-20T00:00:00Z" },
        ],
      },
    },
  };
  const report = await auditOf(snapshot, [call("sts.amazonaws.com", "GetCallerIdentity")]);
  assert.deepEqual(unusedOf(report), ["iam:GetRole"]);
});
