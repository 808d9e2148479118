import assert from "node:assert/strict";
import { test } from "node:test";
import { buildFinding } from "../../../core/engine/findings/finding.js";
import { FINDING_KIND_TABLE, gradeOf } from "../../../core/engine/findings/kinds.js";
import { DETECTORS } from "../../../core/engine/findings/registry.js";
import { FINDING_KINDS, SEVERITIES } from "../../../core/engine/findings/types.js";

test("registry kinds = kind table keys = FINDING_KINDS, one detector per kind", () => {
  const registry = DETECTORS.map((d) => d.kind);
  assert.equal(new Set(registry).size, registry.length, "one detector per kind");
  assert.deepEqual([...registry].sort(), [...FINDING_KINDS].sort());
  assert.deepEqual(Object.keys(FINDING_KIND_TABLE).sort(), [...FINDING_KINDS].sort());
});

for (const [kind, info] of Object.entries(FINDING_KIND_TABLE)) {
  test(`kind table: ${kind} has a severity, a title and a remediation; its variants move the severity`, () => {
    assert.ok(SEVERITIES.includes(info.severity));
    assert.ok(info.title.length > 0 && info.remediation.length > 0);
    for (const [variant, severity] of Object.entries("variants" in info ? info.variants : {})) {
      assert.ok(SEVERITIES.includes(severity));
      assert.notEqual(severity, info.severity, `${kind}/${variant} changes nothing`);
    }
  });
}

test("the builder takes severity and remediation from the table, and refuses an unknown variant", () => {
  const f = buildFinding("admin-access", ["arn:aws:iam::1:user/a"], {
    detail: "d",
    evidence: {},
    variant: "conditional",
  });
  assert.equal(f.severity, "high");
  assert.equal(f.title, FINDING_KIND_TABLE["admin-access"].title);
  assert.equal(f.remediation, FINDING_KIND_TABLE["admin-access"].remediation);
  assert.deepEqual(gradeOf("admin-access", "conditional"), { severity: "high" });
  assert.throws(() => gradeOf("admin-access", "nonsense" as never), /no variant nonsense/);
});
