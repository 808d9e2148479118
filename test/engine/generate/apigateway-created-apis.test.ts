import assert from "node:assert/strict";
import { test } from "node:test";
import type { Role } from "../../../core/engine/snapshot/model.js";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { holderDecision } from "../../helpers/holder-decision.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// A pipeline that makes a new REST API each run (CreateRestApi answers a new id: "API Gateway
// assigns the identifier", https://docs.aws.amazon.com/apigateway/latest/api/API_CreateRestApi.html)
// and then imports, deploys and configures it names that id in every later call of the run.
const APIGW = "arn:aws:apigateway:us-east-1::";

const pipeline = (name: string) =>
  role(name, {
    ...ownPolicy([{ Effect: "Allow", Action: "apigateway:*", Resource: `${APIGW}/*` }]),
  });

const record = (who: Role, eventName: string, day: number, requestParameters: object) =>
  eventItem({
    eventSource: "apigateway.amazonaws.com",
    eventName,
    eventTime: `2026-05-${String(day).padStart(2, "0")}T01:00:00Z`,
    awsRegion: "us-east-1",
    recipientAccountId: ACCOUNT,
    userIdentity: roleSession(who.arn, who.name),
    requestParameters,
  } as never);

/** One run on `api`: created first when `creates`, then imported, deployed, its stage configured. */
const run = (who: Role, api: string, day: number, creates: boolean) => [
  ...(creates ? [record(who, "CreateRestApi", day, { createRestApiInput: { name: `pr-${day}` } })] : []),
  record(who, "PutRestApi", day, { restApiId: api, mode: "overwrite" }),
  record(who, "CreateDeployment", day, { restApiId: api, createDeploymentInput: { stageName: "prod" } }),
  record(who, "UpdateStage", day, { restApiId: api, stageName: "prod" }),
  record(who, "GetRestApi", day, { restApiId: api }),
];

async function documentsOf(who: Role, apis: string[], creates: boolean) {
  const items = apis.flatMap((api, i) => run(who, api, 10 + i, creates));
  const report = await auditOf(snapshotWith({ roles: [who] }), items);
  const rec = report.recommendations.find((r) => r.principalArn === who.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  return rec!.policies.map((p) => p.document);
}

test("a pipeline creating a REST API each run may configure the next run's one", async () => {
  const documents = await documentsOf(pipeline("per-run"), ["run1aaaa", "run2bbbb"], true);
  const text = JSON.stringify(documents);
  const decide = (action: string, resource: string) => holderDecision(documents, { action, resource });
  assert.equal(decide("apigateway:PUT", `${APIGW}/restapis/run3cccc`), "Allow", text);
  assert.equal(decide("apigateway:PATCH", `${APIGW}/restapis/run3cccc/stages/prod`), "Allow", text);
  assert.equal(decide("apigateway:GET", `${APIGW}/restapis/run3cccc`), "Allow", text);
  // Only what its runs did: never another stage's settings, nor usage plans.
  assert.equal(decide("apigateway:PATCH", `${APIGW}/restapis/run3cccc/stages/dev`), "ImplicitDeny", text);
  assert.equal(decide("apigateway:PATCH", `${APIGW}/usageplans/u1`), "ImplicitDeny", text);
});

test("APIs someone else created stay scoped to those seen", async () => {
  const documents = await documentsOf(pipeline("deployer"), ["run1aaaa", "run2bbbb"], false);
  const text = JSON.stringify(documents);
  const decide = (action: string, resource: string) => holderDecision(documents, { action, resource });
  assert.equal(decide("apigateway:PATCH", `${APIGW}/restapis/run2bbbb/stages/prod`), "Allow", text);
  assert.equal(decide("apigateway:PATCH", `${APIGW}/restapis/run3cccc/stages/prod`), "ImplicitDeny", text);
});

test("a REST API created once keeps the one seen", async () => {
  const documents = await documentsOf(pipeline("once"), ["run1aaaa"], true);
  const text = JSON.stringify(documents);
  const decide = (action: string, resource: string) => holderDecision(documents, { action, resource });
  assert.equal(decide("apigateway:PATCH", `${APIGW}/restapis/run1aaaa/stages/prod`), "Allow", text);
  assert.equal(decide("apigateway:PATCH", `${APIGW}/restapis/run3cccc/stages/prod`), "ImplicitDeny", text);
});
