import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { riskClassifier } from "../../../core/engine/audit/risk-classes.js";
import type { ActionSet } from "../../../core/engine/catalog/action-set.js";
import { recommend } from "../../../core/engine/generate/recommend.js";
import { compressByService } from "../../../core/engine/generate/removed-names.js";
import { catalog } from "../../helpers/catalog.js";
import { ADMIN, input, principal } from "../../helpers/policies.js";

/** The definition: every member's key, a service's keys replaced by `svc:*` when all are members. */
function byDefinition(set: ActionSet): string[] {
  const out: string[] = [];
  for (const service of catalog.services) {
    const ids = Array.from({ length: service.end - service.first }, (_, i) => service.first + i);
    const members = ids.filter((id) => set.has(id));
    if (members.length > 0 && members.length === ids.length) out.push(`${service.prefix}:*`);
    else out.push(...members.map((id) => catalog.actions[id]!.key));
  }
  return out;
}

test("removed actions name whole services as svc:* and the rest one by one, in catalog order", () => {
  const service = fc.integer({ min: 0, max: catalog.services.length - 1 });
  const set = fc
    .record({
      whole: fc.uniqueArray(service, { maxLength: 30 }),
      partial: fc.uniqueArray(service, { maxLength: 30 }),
      complement: fc.boolean(),
    })
    .map(({ whole, partial, complement }) => {
      const s = catalog.emptySet();
      for (const i of whole)
        for (let id = catalog.services[i]!.first; id < catalog.services[i]!.end; id++) s.add(id);
      // Every other action of a service: never the whole of one with more than one action.
      for (const i of partial)
        for (let id = catalog.services[i]!.first; id < catalog.services[i]!.end; id += 2) s.add(id);
      return complement ? s.complement() : s;
    });
  fc.assert(
    fc.property(set, (s) => assert.deepEqual(compressByService(catalog, s), byDefinition(s))),
    { numRuns: 60 },
  );
  assert.deepEqual(compressByService(catalog, catalog.emptySet()), []);
  assert.equal(compressByService(catalog, catalog.fullSet()).length, catalog.services.length);
});

test("removed risks name every removed action of a risk class, by class, in catalog order", () => {
  const classify = riskClassifier(catalog);
  const observed = ["s3:GetObject", "iam:PassRole", "iam:CreateAccessKey", "ec2:DescribeInstances"];
  const current = principal([input("admin", ADMIN)]);
  const result = recommend({
    catalog,
    principalArn: "arn:aws:iam::123456789012:role/app",
    principalName: "app",
    principalType: "role",
    current,
    observed: observed.map((action) => ({ action, count: 1, resources: [], unscopedCalls: 1 })),
    observable: catalog.fullSet(),
    classify,
  });
  assert.ok("recommendation" in result);
  const expected: Record<string, string[]> = {};
  const kept = new Set(observed);
  for (const action of catalog.actions)
    if (!kept.has(action.key))
      for (const risk of classify(action.key)) expected[risk] = [...(expected[risk] ?? []), action.key];
  assert.deepEqual(result.recommendation.removedRisks, expected);
  assert.ok(Object.values(expected).every((list) => list.length > 0));
  assert.ok(!expected["privilege-escalation"]?.includes("iam:PassRole"));
  assert.ok(expected["privilege-escalation"]?.includes("iam:CreatePolicyVersion"));
});
