import assert from "node:assert/strict";
import { test } from "node:test";
import {
  detectPermissive,
  type PermissiveDetector,
  permissiveContext,
} from "../../../../core/engine/findings/permissive/index.js";
import { inlinePolicy } from "../../../../core/engine/findings/permissive/inline-policy.js";
import { catalog } from "../../../helpers/catalog.js";
import { snapshotWith, user } from "../../../helpers/snapshot-fixture.js";

test("a detector that throws on one principal becomes a warning; other principals and detectors still run", () => {
  const inline = { name: "p", document: { Version: "2012-10-17", Statement: [] } };
  const snapshot = snapshotWith({
    users: [user("odd", { inlinePolicies: [inline] }), user("fine", { inlinePolicies: [inline] })],
  });
  const fragile: PermissiveDetector = {
    kind: "inline-policy",
    detect(_ctx, subject) {
      if (subject.principal.name === "odd") throw new Error("unexpected statement");
      return [];
    },
  };
  const { findings, warnings } = detectPermissive(permissiveContext(catalog, snapshot), [
    fragile,
    inlinePolicy,
  ]);
  assert.deepEqual(warnings, [
    "detector inline-policy failed on arn:aws:iam::111122223333:user/odd: unexpected statement",
  ]);
  assert.equal(findings.length, 2);
});
