import assert from "node:assert/strict";
import { test } from "node:test";
import { collapseUnchanged, diffLines } from "../../../core/engine/report/diff.js";
import { principalRisks, topPrincipals } from "../../../core/engine/report/ranking.js";
import { ARNS, reportFixture } from "../../fixtures/report-fixture.js";

test("an unused principal can lose every granted action; others what their recommendation removes", () => {
  const risks = new Map(principalRisks(reportFixture()).map((r) => [r.principal.arn, r]));
  assert.equal(risks.get(ARNS.hostile)!.removableActions, 17_402);
  assert.equal(risks.get(ARNS.hostile)!.unused, true);
  assert.equal(risks.get(ARNS.ci)!.removableActions, 142);
  assert.equal(risks.get(ARNS.ci)!.riskyActions, 2);
  assert.equal(risks.get(ARNS.alice)!.removableActions, 0);
});

test("an unused principal's risky granted actions count as risky removable, though it has no recommendation", () => {
  const report = reportFixture();
  const hostile = report.principals.find((p) => p.arn === ARNS.hostile)!;
  hostile.riskyGrantedActions = 321;
  const risk = principalRisks(report).find((r) => r.principal.arn === ARNS.hostile)!;
  assert.equal(risk.recommendation, undefined);
  assert.equal(risk.riskyActions, 321);
});

test("suppressed findings do not count toward a principal's risk", () => {
  const alice = principalRisks(reportFixture()).find((r) => r.principal.arn === ARNS.alice)!;
  assert.deepEqual(alice.findings, { critical: 0, high: 1, medium: 1, low: 0, info: 0 });
  assert.equal(alice.score, 13);
});

test("top principals: score first, then risky removable actions; principals with nothing are left out", () => {
  const top = topPrincipals(reportFixture(), 20).map((r) => r.principal.arn);
  assert.deepEqual(top.slice(0, 2), [ARNS.ci, ARNS.hostile], "equal scores: risky removable actions decide");
  assert.ok(!top.includes("arn:aws:iam::123456789012:role/batch-reporting"));
  assert.equal(topPrincipals(reportFixture(), 3).length, 3);
});

test("a line diff keeps common lines and marks removals before additions", () => {
  assert.deepEqual(diffLines(["a", "b", "c"], ["a", "x", "c"]), [
    { op: " ", text: "a" },
    { op: "-", text: "b" },
    { op: "+", text: "x" },
    { op: " ", text: "c" },
  ]);
  assert.deepEqual(diffLines([], ["a"]), [{ op: "+", text: "a" }]);
  const d = diffLines(["k", "1", "2", "3", "k"], ["k", "2", "k"]);
  assert.deepEqual(
    d.filter((l) => l.op !== " ").map((l) => l.op + l.text),
    ["-1", "-3"],
  );
});

test("applying a diff's kept and added lines gives the new text, its kept and removed the old", () => {
  const before = Array.from({ length: 60 }, (_, i) => `line ${i % 7} ${i % 3}`);
  const after = before.filter((_, i) => i % 4 !== 0).concat(["tail"]);
  const d = diffLines(before, after);
  assert.deepEqual(
    d.filter((l) => l.op !== "+").map((l) => l.text),
    before,
  );
  assert.deepEqual(
    d.filter((l) => l.op !== "-").map((l) => l.text),
    after,
  );
});

test("long unchanged runs collapse to a count, keeping three lines of context", () => {
  const same = Array.from({ length: 20 }, (_, i) => `s${i}`);
  const rows = collapseUnchanged(diffLines([...same, "old", ...same], [...same, "new", ...same]));
  assert.deepEqual(
    rows.map((r) => (r.op === "skip" ? `skip ${r.count}` : r.op + r.text)),
    ["skip 17", " s17", " s18", " s19", "-old", "+new", " s0", " s1", " s2", "skip 17"],
  );
});
