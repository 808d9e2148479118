import assert from "node:assert/strict";
import { test } from "node:test";
import { createObservability } from "../../../core/engine/activity/observability.js";
import { loadCatalog } from "../../../core/node/load-catalog.js";

const catalog = loadCatalog();
const action = (name: string) => catalog.action(name)!;

test("management events are observable by every trail", () => {
  const o = createObservability(catalog);
  assert.equal(o.classify(action("iam:CreateUser")), "management");
  assert.equal(o.observable(action("iam:CreateUser")), true);
});

test("cloudtracker's eventSource-style names resolve to IAM actions (monitoring → cloudwatch)", () => {
  assert.equal(createObservability(catalog).classify(action("cloudwatch:PutMetricAlarm")), "management");
});

test("data events are observable only when the trail logs their category", () => {
  const none = createObservability(catalog);
  const s3 = createObservability(catalog, ["s3"]);
  for (const name of ["s3:GetObject", "lambda:InvokeFunction", "dynamodb:GetItem"]) {
    assert.equal(none.classify(action(name)), "data", name);
    assert.equal(none.observable(action(name)), false, name);
  }
  assert.equal(s3.observable(action("s3:GetObject")), true);
  assert.equal(s3.observable(action("dynamodb:GetItem")), false);
});

test("authorization-only actions and actions missing from the list are unobservable", () => {
  const o = createObservability(catalog);
  assert.equal(o.classify(action("iam:PassRole")), "unobservable");
  assert.equal(o.observable(action("iam:PassRole")), false);
  const unlisted = catalog.actions.find((a) => o.classify(a) === "unobservable" && a.service === "bedrock");
  assert.ok(unlisted, "services newer than the list are not claimed observable");
});
