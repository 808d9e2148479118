import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ActivityAggregator } from "../../../core/engine/activity/aggregate.js";
import { itemsFromText } from "../../../core/engine/activity/documents.js";
import { mergePartials, PartialBuilder } from "../../../core/engine/activity/partial.js";
import { sessionPolicyArns } from "../../../core/engine/activity/session-policies.js";
import type { ActivityItem, CloudTrailEvent } from "../../../core/engine/activity/types.js";
import { loadCatalog } from "../../../core/node/load-catalog.js";

const catalog = loadCatalog();
const ACCOUNT = "123456789012";
const SHARED = `arn:aws:iam::${ACCOUNT}:policy/shared`;
const OTHER = `arn:aws:iam::${ACCOUNT}:policy/other`;

function assume(time: string, policyArns: unknown, extra: Partial<CloudTrailEvent> = {}): CloudTrailEvent {
  return {
    eventSource: "sts.amazonaws.com",
    eventName: "AssumeRole",
    eventTime: time,
    awsRegion: "us-east-1",
    recipientAccountId: ACCOUNT,
    userIdentity: { type: "IAMUser", arn: `arn:aws:iam::${ACCOUNT}:user/ci`, accountId: ACCOUNT },
    requestParameters: {
      roleArn: `arn:aws:iam::${ACCOUNT}:role/deploy`,
      roleSessionName: "build",
      ...(policyArns === undefined ? {} : { policyArns }),
    },
    ...extra,
  };
}

function aggregate(events: readonly CloudTrailEvent[], options = {}) {
  const aggregator = new ActivityAggregator(catalog, options);
  for (const event of events) aggregator.addEvent(event);
  return aggregator.result();
}

describe("managed session policies", () => {
  test("are read from policyArns as CloudTrail writes it, a bare ARN or the API's spelling too", () => {
    assert.deepEqual(sessionPolicyArns(assume("2026-11-01T00:00:00Z", [{ arn: SHARED }, { arn: OTHER }])), [
      SHARED,
      OTHER,
    ]);
    assert.deepEqual(sessionPolicyArns(assume("2026-11-01T00:00:00Z", [SHARED, SHARED])), [SHARED]);
    const spelled = assume("2026-11-01T00:00:00Z", undefined, {
      requestParameters: { RoleArn: "x", PolicyArns: [{ Arn: SHARED }] },
    });
    assert.deepEqual(sessionPolicyArns(spelled), [SHARED]);
    for (const odd of [undefined, null, "arn", [{}], [null, 3, { arn: "" }]])
      assert.deepEqual(sessionPolicyArns(assume("2026-11-01T00:00:00Z", odd)), []);
  });

  test("are counted for every call that takes them, and for no other call", () => {
    const call = (eventName: string, eventSource = "sts.amazonaws.com") =>
      sessionPolicyArns(assume("2026-11-01T00:00:00Z", [{ arn: SHARED }], { eventName, eventSource }));
    for (const name of ["AssumeRoleWithSAML", "AssumeRoleWithWebIdentity", "GetFederationToken"])
      assert.deepEqual(call(name), [SHARED], name);
    assert.deepEqual(call("GetSessionToken"), []);
    assert.deepEqual(call("AssumeRole", "iam.amazonaws.com"), []);
  });

  test("the aggregate counts the requests naming each policy in the window, refused or failed ones too", () => {
    const result = aggregate(
      [
        assume("2026-11-01T00:00:00Z", [{ arn: SHARED }]),
        assume("2026-11-02T00:00:00Z", [{ arn: SHARED }, { arn: OTHER }], { errorCode: "AccessDenied" }),
        assume("2026-11-03T00:00:00Z", [{ arn: SHARED }], { errorCode: "MalformedPolicyDocument" }),
        assume("2026-10-01T00:00:00Z", [{ arn: OTHER }]),
        assume("2026-11-04T00:00:00Z", undefined),
      ],
      { window: { start: "2026-10-15T00:00:00Z", end: "2026-11-22T00:00:00Z" } },
    );
    assert.deepEqual(result.sessionPolicies, [
      { policyArn: OTHER, requests: 1 },
      { policyArn: SHARED, requests: 3 },
    ]);
    assert.deepEqual(aggregate([assume("2026-11-01T00:00:00Z", undefined)]).sessionPolicies, []);
  });

  test("are read from requestParameters a producer wrote as a JSON string", () => {
    const record = assume("2026-11-01T00:00:00Z", [{ arn: SHARED }]);
    const text = JSON.stringify({
      Records: [{ ...record, requestParameters: JSON.stringify(record.requestParameters) }],
    });
    const aggregator = new ActivityAggregator(catalog);
    for (const item of itemsFromText(text, "export")) aggregator.add(item);
    const result = aggregator.result();
    assert.deepEqual(result.sessionPolicies, [{ policyArn: SHARED, requests: 1 }]);
    // The role it assumed is read from the same parameters.
    assert.ok(result.principals.some((p) => p.principal.id === `arn:aws:iam::${ACCOUNT}:role/deploy`));
    for (const odd of ["not json", "[1]", "3", ""]) {
      const [item] = itemsFromText(JSON.stringify({ Records: [{ ...record, requestParameters: odd }] }), "x");
      assert.equal(item?.kind === "event" ? item.event.requestParameters : "no event", null, odd);
    }
  });

  test("parts aggregated apart merge into the whole input's counts, in any order", () => {
    const events = [
      assume("2026-11-01T00:00:00Z", [{ arn: SHARED }]),
      assume("2026-11-02T00:00:00Z", [{ arn: OTHER }]),
      assume("2026-11-03T00:00:00Z", [{ arn: SHARED }, { arn: OTHER }]),
      assume("2026-11-04T00:00:00Z", [{ arn: SHARED }]),
    ];
    const expected = aggregate(events);
    for (const parts of [
      [events.slice(0, 1), events.slice(1)],
      [events.slice(2), events.slice(0, 2)],
      events.map((e) => [e]),
    ]) {
      const into = new ActivityAggregator(catalog);
      for (const part of parts) {
        const apart = new ActivityAggregator(catalog);
        for (const event of part) apart.addEvent(event);
        into.merge(apart.takePart());
      }
      assert.deepEqual(into.result().sessionPolicies, expected.sessionPolicies);
    }
  });

  test("survive a deployed run's partition summaries: requests grouped keep their count", () => {
    const window = { start: "2026-10-01T00:00:00Z", end: "2026-11-22T00:00:00Z" };
    const builder = new PartialBuilder(
      { account: ACCOUNT, region: "us-east-1", day: "2026/11/01", prefix: "p/" },
      window,
    );
    for (const time of ["2026-11-01T01:00:00Z", "2026-11-01T02:00:00Z"])
      builder.add({ kind: "event", event: assume(time, [{ arn: SHARED }]) });
    const items: ActivityItem[] = mergePartials([builder.result()]);
    const aggregator = new ActivityAggregator(catalog, { window });
    for (const item of items) aggregator.add(item);
    assert.deepEqual(aggregator.result().sessionPolicies, [{ policyArn: SHARED, requests: 2 }]);
  });
});
