import assert from "node:assert/strict";
import { test } from "node:test";
import { recommend } from "../../../core/engine/generate/recommend.js";
import { policySize } from "../../../core/engine/generate/split.js";
import type { ObservedAction } from "../../../core/engine/generate/types.js";
import { lintPolicy } from "../../../core/engine/policy/lint/lint.js";
import { catalog } from "../../helpers/catalog.js";
import { ADMIN, input, principal } from "../../helpers/policies.js";

/** A concrete ARN of a catalog resource type: placeholders filled with plausible values. */
function arnFor(format: string, n: number): string {
  return format
    .replace("${Partition}", "aws")
    .replace("${Region}", "us-east-1")
    .replace(/\$\{Account(Id)?\}/, "123456789012")
    .replace(/\$\{[^}]+\}/g, (_, i) => `name${n}x${i}`);
}

test("a principal with hundreds of actions gets several policies, each under the size limit and lint-clean", () => {
  const observed: ObservedAction[] = [];
  for (const action of catalog.actions) {
    if (observed.length >= 400) break;
    if (action.id % 37 !== 0) continue;
    const format = action.resourceTypes[0]?.arnFormat;
    observed.push({
      action: action.key,
      count: 3,
      resources: action.wildcardOnly || !format ? [] : [arnFor(format, 1), arnFor(format, 2)],
      unscopedCalls: action.wildcardOnly ? 3 : 0,
    });
  }
  assert.equal(observed.length, 400);
  const result = recommend({
    catalog,
    principalArn: "arn:aws:iam::123456789012:role/busy",
    principalName: "busy",
    principalType: "role",
    current: principal([input("admin", ADMIN)]),
    observed,
    observable: catalog.fullSet(),
  });
  assert.ok(
    "recommendation" in result,
    JSON.stringify("failure" in result && result.failure.violations.slice(0, 5)),
  );
  const { policies, checks, observedActions } = result.recommendation;
  assert.deepEqual(checks, { withinCurrent: true, coversObserved: true });
  assert.equal(observedActions.length, 400);
  assert.ok(policies.length > 1, `${policies.length} policies`);
  assert.deepEqual(
    policies.map((p) => p.name),
    policies.map((_, i) => `whittle-role-busy-${i + 1}`),
  );
  for (const policy of policies) {
    assert.ok(
      policySize(policy.document) <= 6144,
      `${policy.name} is ${policySize(policy.document)} characters`,
    );
    const errors = lintPolicy(catalog, policy.document, { kind: "identity" }).filter(
      (p) => p.severity === "error",
    );
    assert.deepEqual(errors, [], policy.name);
  }
  const sids = policies.flatMap((p) => p.document.Statement.map((s) => s.Sid));
  assert.equal(new Set(sids).size, sids.length, "Sids are unique across the set");
});
