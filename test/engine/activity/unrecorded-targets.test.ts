import assert from "node:assert/strict";
import { test } from "node:test";
import { observableFor } from "../../../core/engine/activity/unrecorded-targets.js";
import { parsePolicy } from "../../../core/engine/policy/parse.js";
import { PrincipalPermissions } from "../../../core/engine/policy/principal-permissions.js";
import { catalog } from "../../helpers/catalog.js";

const publish = catalog.action("sns:Publish")!;
const TOPIC = "arn:aws:sns:us-east-1:111122223333:alerts";
const ENDPOINTS = "arn:aws:sns:us-east-1:111122223333:app/GCM/mobile/*";

// Whether sns:Publish stays observable for a principal granted by these statements.
const judged = (...statements: object[]) => {
  const { policy } = parsePolicy({ Version: "2012-10-17", Statement: statements }, { kind: "identity" });
  const current = new PrincipalPermissions(catalog, { identity: [{ source: "p", policy: policy! }] });
  const observable = catalog.emptySet();
  observable.add(publish.id);
  return observableFor(current, observable).has(publish.id);
};

test("sns:Publish is not observable for a grant that could reach a phone number", () => {
  assert.equal(judged({ Effect: "Allow", Action: "sns:Publish", Resource: "*" }), false);
  assert.equal(judged({ Effect: "Allow", Action: "sns:*", Resource: [TOPIC, "*"] }), false);
  assert.equal(judged({ Effect: "Allow", Action: "*", NotResource: TOPIC }), false);
  // Reaches no topic at all, yet a phone number is no SNS ARN.
  assert.equal(judged({ Effect: "Allow", Action: "sns:Publish", NotResource: "arn:aws:sns:*" }), false);
});

test("sns:Publish stays observable for grants on topic or endpoint ARNs only", () => {
  assert.equal(judged({ Effect: "Allow", Action: "sns:Publish", Resource: [TOPIC, ENDPOINTS] }), true);
  assert.equal(judged({ Effect: "Allow", Action: "sns:Publish", Resource: "arn:aws:sns:*:*:*" }), true);
  assert.equal(judged({ Effect: "Allow", Action: "sns:Publish", NotResource: "*" }), true);
  // A Deny of every resource beside a topic grant sends nothing more.
  assert.equal(
    judged(
      { Effect: "Allow", Action: "sns:Publish", Resource: TOPIC },
      { Effect: "Deny", Action: "sns:Publish", Resource: "*" },
    ),
    true,
  );
});
