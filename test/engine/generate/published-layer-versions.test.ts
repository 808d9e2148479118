import assert from "node:assert/strict";
import { test } from "node:test";
import type { Role } from "../../../core/engine/snapshot/model.js";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { holderDecision } from "../../helpers/holder-decision.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// A deploy publishes a new version of its layer, then points its function at that version:
// UpdateFunctionConfiguration is checked for lambda:GetLayerVersion on each layer version it names.
// The window saw two deploys (versions 17 and 18); the next names version 19.
// https://docs.aws.amazon.com/lambda/latest/api/API_PublishLayerVersion.html ("Each time you call
// PublishLayerVersion with the same layer name, a new version is created.")
const LAMBDA = `arn:aws:lambda:us-east-1:${ACCOUNT}`;
const deployer = (name: string) =>
  role(name, {
    ...ownPolicy([
      {
        Effect: "Allow",
        Action: [
          "lambda:PublishLayerVersion",
          "lambda:GetLayerVersion",
          "lambda:UpdateFunctionConfiguration",
        ],
        Resource: `${LAMBDA}:*`,
      },
    ]),
  });

const record = (who: Role, eventName: string, eventTime: string, requestParameters: object) =>
  eventItem({
    eventSource: "lambda.amazonaws.com",
    eventName,
    eventTime,
    recipientAccountId: ACCOUNT,
    userIdentity: roleSession(who.arn, who.name),
    requestParameters,
  } as never);

/** Deploys of `versions` of layer `deps`, each published first when `publishes`. */
function deploys(who: Role, versions: number[], publishes: boolean) {
  return versions.flatMap((version, i) => [
    ...(publishes
      ? [record(who, "PublishLayerVersion20181031", `2026-05-${18 + i}T01:00:00Z`, { layerName: "deps" })]
      : []),
    record(who, "UpdateFunctionConfiguration20150331v2", `2026-05-${18 + i}T01:01:00Z`, {
      functionName: "api",
      layers: [`${LAMBDA}:layer:deps:${version}`],
    }),
  ]);
}

async function documentsOf(who: Role, versions: number[], publishes: boolean) {
  const report = await auditOf(snapshotWith({ roles: [who] }), deploys(who, versions, publishes));
  const rec = report.recommendations.find((r) => r.principalArn === who.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  return rec!.policies.map((p) => p.document);
}

test("a deploy that publishes its layer's next version may point its function at it", async () => {
  const documents = await documentsOf(deployer("ci"), [17, 18], true);
  const text = JSON.stringify(documents);
  const decide = (action: string, resource: string) => holderDecision(documents, { action, resource });
  assert.equal(decide("lambda:GetLayerVersion", `${LAMBDA}:layer:deps:19`), "Allow", text);
  assert.equal(decide("lambda:PublishLayerVersion", `${LAMBDA}:layer:deps`), "Allow", text);
  // Versions of another layer, and the function configuration of another function, stay refused.
  assert.equal(decide("lambda:GetLayerVersion", `${LAMBDA}:layer:other:3`), "ImplicitDeny", text);
  assert.equal(
    decide("lambda:UpdateFunctionConfiguration", `${LAMBDA}:function:other`),
    "ImplicitDeny",
    text,
  );
});

test("a layer's versions someone else publishes stay scoped to those seen", async () => {
  const documents = await documentsOf(deployer("consumer"), [17, 18], false);
  const text = JSON.stringify(documents);
  const decide = (action: string, resource: string) => holderDecision(documents, { action, resource });
  assert.equal(decide("lambda:GetLayerVersion", `${LAMBDA}:layer:deps:18`), "Allow", text);
  assert.equal(decide("lambda:GetLayerVersion", `${LAMBDA}:layer:deps:19`), "ImplicitDeny", text);
});

test("a layer published once keeps the one version seen", async () => {
  const documents = await documentsOf(deployer("once"), [17], true);
  const text = JSON.stringify(documents);
  const decide = (action: string, resource: string) => holderDecision(documents, { action, resource });
  assert.equal(decide("lambda:GetLayerVersion", `${LAMBDA}:layer:deps:17`), "Allow", text);
  assert.equal(decide("lambda:GetLayerVersion", `${LAMBDA}:layer:deps:18`), "ImplicitDeny", text);
});
