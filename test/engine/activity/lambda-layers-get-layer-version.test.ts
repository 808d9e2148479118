import assert from "node:assert/strict";
import { test } from "node:test";
import { createObservability } from "../../../core/engine/activity/observability.js";
import { ACCOUNT, appProposal, appRecord } from "../../helpers/app-role.js";
import { catalog } from "../../helpers/catalog.js";
import { doc, input, principal } from "../../helpers/policies.js";

// Lambda developer guide, "Layer permissions" (configuration-layers):
//   "To configure a Lambda function with a layer, you need permission to call GetLayerVersion on
//    the layer version. For functions in your account, you can get this permission from your user
//    policy."
// https://docs.aws.amazon.com/lambda/latest/dg/configuration-layers.html#configuration-layers-permissions
// (awsdocs/aws-lambda-developer-guide, doc_source/configuration-layers.md)
// A deployer role creates and reconfigures functions with a layer of its account. The check of
// lambda:GetLayerVersion is part of CreateFunction / UpdateFunctionConfiguration and leaves no
// GetLayerVersion record of its own, while the engine classes lambda:GetLayerVersion as an
// observable management event: never seen, it is removed as verified-unused, and the next
// deployment with the layer is refused.

const LAYER = `arn:aws:lambda:eu-west-1:${ACCOUNT}:layer:shared-libs:7`;
const FUNCTION_ROLE = `arn:aws:iam::${ACCOUNT}:role/fn`;

/** What a trail of every management event shows: the engine's own classification. */
function managementObservable() {
  const observability = createObservability(catalog);
  const set = catalog.emptySet();
  for (const action of catalog.actions)
    if (observability.classify(action) === "management") set.add(action.id);
  return set;
}

function proposedAfter(eventName: string, requestParameters: object) {
  const current = principal([
    input(
      "inline",
      doc(
        { Effect: "Allow", Action: "lambda:*", Resource: "*" },
        { Effect: "Allow", Action: "iam:PassRole", Resource: FUNCTION_ROLE },
      ),
    ),
  ]);
  const { recommendation, proposed } = appProposal(
    current,
    [appRecord("lambda", eventName, requestParameters)],
    managementObservable(),
  );
  return { removed: recommendation.removedActions, proposed };
}

test("CreateFunction with a layer keeps lambda:GetLayerVersion on the layer version", () => {
  const { proposed, removed } = proposedAfter("CreateFunction20150331", {
    functionName: "worker",
    runtime: "python3.12",
    role: FUNCTION_ROLE,
    handler: "app.handler",
    layers: [LAYER],
  });
  assert.equal(
    proposed.evaluate({
      action: "lambda:CreateFunction",
      resource: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:worker`,
    }).decision,
    "Allow",
  );
  assert.equal(
    proposed.evaluate({ action: "lambda:GetLayerVersion", resource: LAYER }).decision,
    "Allow",
    `lambda:GetLayerVersion removed: ${removed.includes("lambda:GetLayerVersion")}`,
  );
});

test("UpdateFunctionConfiguration with a layer keeps lambda:GetLayerVersion on the layer version", () => {
  const { proposed } = proposedAfter("UpdateFunctionConfiguration20150331v2", {
    functionName: "worker",
    layers: [LAYER],
  });
  assert.equal(
    proposed.evaluate({
      action: "lambda:UpdateFunctionConfiguration",
      resource: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:worker`,
    }).decision,
    "Allow",
  );
  assert.equal(proposed.evaluate({ action: "lambda:GetLayerVersion", resource: LAYER }).decision, "Allow");
});
