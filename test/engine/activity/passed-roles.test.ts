import assert from "node:assert/strict";
import { test } from "node:test";
import { ActivityAggregator } from "../../../core/engine/activity/aggregate.js";
import { PASSED_ROLE_PARAMETERS, passedRoles } from "../../../core/engine/activity/knowledge/passed-roles.js";
import { createEventMapper } from "../../../core/engine/activity/mapping.js";
import { catalog } from "../../helpers/catalog.js";

const ROLE = "arn:aws:iam::123456789012:role/service-role/app";
const map = createEventMapper(catalog);
const EVENT_SOURCES: Record<string, string> = { states: "states.amazonaws.com" };

test("the passed-role table is not empty and names catalog actions", () => {
  assert.ok(Object.keys(PASSED_ROLE_PARAMETERS).length >= 10);
  for (const key of Object.keys(PASSED_ROLE_PARAMETERS)) assert.ok(catalog.action(key), key);
});

for (const [key, parameters] of Object.entries(PASSED_ROLE_PARAMETERS)) {
  test(`${key} passes the role named in ${parameters.join(" / ")}`, () => {
    const [service, name] = key.split(":") as [string, string];
    const source = EVENT_SOURCES[service] ?? `${service}.amazonaws.com`;
    const mapping = map(source, name);
    assert.equal(mapping.kind, "actions", `${source} ${name} maps to an action`);
    for (const parameter of parameters) assert.deepEqual(passedRoles(key, { [parameter]: ROLE }), [ROLE]);
  });
}

test("values that are not role ARNs are ignored", () => {
  assert.deepEqual(passedRoles("lambda:CreateFunction", { role: "my-role" }), []);
  assert.deepEqual(passedRoles("lambda:CreateFunction", { role: "arn:aws:iam::123456789012:user/u" }), []);
  assert.deepEqual(passedRoles("lambda:Invoke", { role: ROLE }), []);
});

test("the aggregate records an inferred iam:PassRole on the passed role", () => {
  const aggregator = new ActivityAggregator(catalog);
  aggregator.addEvent({
    eventSource: "lambda.amazonaws.com",
    eventName: "CreateFunction20150331",
    eventTime: "2026-11-01T10:00:00Z",
    awsRegion: "us-east-1",
    userIdentity: {
      type: "IAMUser",
      arn: "arn:aws:iam::123456789012:user/deployer",
      accountId: "123456789012",
    },
    requestParameters: { functionName: "f", role: ROLE },
  });
  const actions = aggregator.result().principals[0]!.actions;
  const passRole = actions.find((a) => a.action === "iam:PassRole");
  assert.deepEqual(
    { count: passRole?.count, resources: passRole?.resources, inferred: passRole?.inferred },
    {
      count: 1,
      resources: [ROLE],
      inferred: true,
    },
  );
  assert.equal(actions.find((a) => a.action === "lambda:CreateFunction")?.inferred, undefined);
});
