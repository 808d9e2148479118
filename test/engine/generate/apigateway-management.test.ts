import assert from "node:assert/strict";
import { test } from "node:test";
import type { Role } from "../../../core/engine/snapshot/model.js";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { holderDecision } from "../../helpers/holder-decision.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// API Gateway's management calls are authorized as the HTTP verb of their REST request on the
// request's path (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-control-access-using-iam-policies-to-create-and-manage-api.html):
// GetRestApis is GET /restapis, CreateDeployment is POST /restapis/{restapi_id}/deployments.
// The records below are shaped as CloudTrail writes them (restApiId and the operation's input).
const APIGW = "arn:aws:apigateway:us-east-1::";

const deployer = (name: string, extra: object[] = []) =>
  role(name, {
    ...ownPolicy([
      { Effect: "Allow", Action: "apigateway:*", Resource: `${APIGW}/*` },
      { Effect: "Allow", Action: "execute-api:Invoke", Resource: "*" },
      { Effect: "Allow", Action: "ec2:RebootInstances", Resource: "*" },
      ...extra,
    ]),
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

const deploys = (who: Role, apis: string[]) =>
  apis.flatMap((api, i) => [
    record(who, "GetRestApis", 10 + i, { limit: 500, template: false }),
    record(who, "CreateDeployment", 10 + i, {
      restApiId: api,
      createDeploymentInput: { description: "", stageName: "prod" },
      template: false,
    }),
    record(who, "GetRestApi", 11 + i, { restApiId: api, template: false }),
  ]);

async function recommendationOf(who: Role, items: ReturnType<typeof record>[]) {
  const report = await auditOf(snapshotWith({ roles: [who] }), items);
  const unproven = report.findings.filter(
    (f) => f.kind === "recommendation-unproven" && f.principalArn === who.arn,
  );
  assert.deepEqual(unproven, [], "a recommendation is offered");
  const rec = report.recommendations.find((r) => r.principalArn === who.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  return rec!;
}

test("a deployer of REST APIs gets a proven recommendation that still allows its calls", async () => {
  const who = deployer("deployer");
  const rec = await recommendationOf(who, deploys(who, ["abc123"]));
  const documents = rec.policies.map((p) => p.document);
  const text = JSON.stringify(documents);
  const decide = (action: string, resource: string) => holderDecision(documents, { action, resource });
  assert.equal(decide("apigateway:GET", `${APIGW}/restapis`), "Allow", text);
  assert.equal(decide("apigateway:GET", `${APIGW}/restapis/abc123`), "Allow", text);
  assert.equal(decide("apigateway:POST", `${APIGW}/restapis/abc123/deployments`), "Allow", text);
  // What the trail shows unused is removed; the API's invocations, never recorded, are kept.
  assert.ok(rec.removedActions.includes("ec2:RebootInstances"), text);
  assert.equal(decide("ec2:RebootInstances", "*"), "ImplicitDeny", text);
  assert.equal(
    decide("execute-api:Invoke", "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets"),
    "Allow",
    text,
  );
  assert.ok(rec.unobservableActions.includes("execute-api:Invoke"), text);
});

test("the reads a deployer made on each of its APIs stay allowed on every one of them", async () => {
  const who = deployer("many");
  const rec = await recommendationOf(who, deploys(who, ["abc123", "def456"]));
  const documents = rec.policies.map((p) => p.document);
  const text = JSON.stringify(documents);
  const decide = (action: string, resource: string) => holderDecision(documents, { action, resource });
  for (const api of ["abc123", "def456"]) {
    assert.equal(decide("apigateway:GET", `${APIGW}/restapis/${api}`), "Allow", text);
    assert.equal(decide("apigateway:POST", `${APIGW}/restapis/${api}/deployments`), "Allow", text);
  }
  // Reads are narrowed to what the trail shows: an API's stages were never read.
  assert.equal(decide("apigateway:GET", `${APIGW}/restapis/abc123/stages`), "ImplicitDeny", text);
  // Never past today's grant.
  assert.equal(decide("apigateway:GET", "arn:aws:apigateway:eu-west-1::/restapis"), "ImplicitDeny", text);
});
