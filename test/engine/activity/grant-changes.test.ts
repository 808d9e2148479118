import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ActivityAggregator } from "../../../core/engine/activity/aggregate.js";
import { grantChangeOf } from "../../../core/engine/activity/grant-changes.js";
import { GRANTING_CALLS } from "../../../core/engine/activity/knowledge/granting-calls.js";
import type { ActivityItem, CloudTrailEvent } from "../../../core/engine/activity/types.js";
import { catalog } from "../../helpers/catalog.js";

const ACCOUNT = "111122223333";
const call = (
  eventName: string,
  requestParameters: Record<string, unknown>,
  extra: Partial<CloudTrailEvent> = {},
) =>
  ({
    eventSource: "iam.amazonaws.com",
    eventName,
    eventTime: "2026-05-25T00:00:00Z",
    recipientAccountId: ACCOUNT,
    userIdentity: { type: "IAMUser", arn: `arn:aws:iam::${ACCOUNT}:user/admin`, accountId: ACCOUNT },
    requestParameters,
    ...extra,
  }) as CloudTrailEvent;

const parametersOf = (name: string): Record<string, unknown> => {
  const entry = GRANTING_CALLS[name]!;
  return {
    [entry.targetParameter]: entry.target === "policy" ? `arn:aws:iam::${ACCOUNT}:policy/p` : "target",
    ...(entry.grantParameter ? { [entry.grantParameter]: "granted" } : {}),
    ...(entry.onlyWhen ? { [entry.onlyWhen]: true } : {}),
  };
};

describe("calls granting permissions", () => {
  test("the table is not empty", () => assert.ok(Object.keys(GRANTING_CALLS).length >= 9));

  for (const [name, entry] of Object.entries(GRANTING_CALLS)) {
    test(`${name} names its ${entry.target} and what it grants; refused or without its parameters, nothing`, () => {
      const change = grantChangeOf(call(name, parametersOf(name)), "2026-05-25T00:00:00Z");
      assert.equal(change?.target, entry.target);
      assert.equal(change?.accountId, ACCOUNT);
      assert.equal(change?.grant, entry.grantParameter ? "granted" : undefined);
      assert.equal(
        grantChangeOf(call(name, parametersOf(name), { errorCode: "AccessDenied" }), "t"),
        undefined,
      );
      assert.equal(grantChangeOf(call(name, {}), "t"), undefined);
      if (entry.onlyWhen)
        assert.equal(
          grantChangeOf(call(name, { ...parametersOf(name), [entry.onlyWhen]: false }), "t"),
          undefined,
        );
    });
  }

  test("merged from parts aggregated apart, changes are those of the whole input, for any cut", () => {
    const times = [
      "2026-05-03T00:00:00Z",
      "2026-05-25T00:00:00Z",
      "2026-04-01T00:00:00Z",
      "2026-05-01T00:00:00Z",
    ];
    const items: ActivityItem[] = Object.keys(GRANTING_CALLS).flatMap((name, i) =>
      times.map((eventTime, j) => ({
        kind: "event" as const,
        event: {
          ...call(name, parametersOf(name)),
          eventTime,
          ...(i % 3 === j ? { recipientAccountId: "444455556666" } : {}),
        },
      })),
    );
    const whole = new ActivityAggregator(catalog);
    for (const item of items) whole.add(item);
    const expected = whole.result();
    assert.equal(expected.grants.length, Object.keys(GRANTING_CALLS).length * 2);
    for (const size of [1, 3, 7]) {
      const into = new ActivityAggregator(catalog);
      for (let i = 0; i < items.length; i += size) {
        const apart = new ActivityAggregator(catalog);
        for (const item of items.slice(i, i + size)) apart.add(item);
        into.merge(apart.takePart());
      }
      assert.deepEqual(into.result(), expected, `parts of ${size}`);
    }
  });
});
