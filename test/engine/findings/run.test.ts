import assert from "node:assert/strict";
import { test } from "node:test";
import type { AccountDetector, PrincipalDetector } from "../../../core/engine/findings/context.js";
import { inlinePolicy } from "../../../core/engine/findings/permissive/inline-policy.js";
import { runDetectors } from "../../../core/engine/findings/run.js";
import { unusedService } from "../../../core/engine/findings/unused-service.js";
import { snapshotWith, user } from "../../helpers/snapshot-fixture.js";
import { contextFor } from "./context.js";

const inline = { name: "p", document: { Version: "2012-10-17", Statement: [] } };
const snapshot = snapshotWith({
  users: [user("odd", { inlinePolicies: [inline] }), user("fine", { inlinePolicies: [inline] })],
});

test("a detector that throws on one principal becomes a structured problem; other principals and detectors still run", () => {
  const fragile: PrincipalDetector = {
    kind: "inline-policy",
    scope: "principal",
    needs: [],
    detect(_ctx, subject) {
      if (subject.principal.name === "odd") throw new Error("unexpected statement");
      return [];
    },
  };
  const { findings, problems } = runDetectors(contextFor(snapshot), [fragile, inlinePolicy]);
  assert.deepEqual(problems, [
    {
      code: "detector-failed",
      origin: "detector inline-policy on arn:aws:iam::111122223333:user/odd",
      message: "unexpected statement",
    },
  ]);
  assert.equal(findings.length, 2);
});

test("an account-wide detector that throws becomes a problem, never a crashed run", () => {
  const broken: AccountDetector = {
    kind: "weak-password-policy",
    scope: "account",
    needs: [],
    detect() {
      throw new TypeError("cannot read properties of undefined");
    },
  };
  const { findings, problems } = runDetectors(contextFor(snapshot), [broken, inlinePolicy]);
  assert.deepEqual(
    problems.map((p) => [p.code, p.origin]),
    [["detector-failed", "detector weak-password-policy on the account"]],
  );
  assert.equal(findings.length, 2);
});

test("a detector whose needs are missing is skipped: without activity, nothing is called unused", () => {
  const throwing: PrincipalDetector = {
    ...unusedService,
    detect() {
      throw new Error("must not run");
    },
  };
  assert.deepEqual(runDetectors(contextFor(snapshot), [throwing]), { findings: [], problems: [] });
});
