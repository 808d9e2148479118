import assert from "node:assert/strict";
import { test } from "node:test";
import { z } from "zod";
import { conformsTo } from "../../../core/engine/report/conforms.js";
import { type Report, reportSchema, validReport } from "../../../core/engine/report/schema.js";

// Reports zod would refuse, or copy into other JSON: validReport must answer as zod does, never
// pass them as they are.

function minimal(): Report {
  return {
    schemaVersion: 1,
    accountId: "123456789012",
    generatedAt: "2026-11-22T00:00:00Z",
    window: { start: "2026-08-24T00:00:00Z", end: "2026-11-22T00:00:00Z", days: 90 },
    sources: { snapshot: "s", activity: [], warnings: [] },
    summary: {
      principals: 0,
      findings: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
      suppressed: 0,
      recommendations: 0,
      events: 0,
    },
    principals: [],
    findings: [],
    recommendations: [],
    plans: [],
    policies: {},
    activity: { events: 0, outsideWindow: 0, unmapped: [], ignored: [] },
    engine: { version: "t", catalogVersion: "c" },
  };
}

/** validReport's answer and zod's, as the JSON a caller would write, or the error. */
function outcomes(report: Report): [string, string] {
  const run = (f: () => unknown) => {
    try {
      return `value ${JSON.stringify(f())}`;
    } catch (error) {
      return `error ${(error as Error).message.slice(0, 200)}`;
    }
  };
  return [run(() => validReport(report)), run(() => reportSchema.parse(report))];
}

test("the minimal report conforms", () => {
  assert.equal(conformsTo(reportSchema)(minimal()), true);
});

test("a record whose own `constructor` is a function is refused by zod (not a plain object to it)", () => {
  const report = minimal();
  report.policies = { constructor: () => 0 };
  const [valid, parsed] = outcomes(report);
  assert.equal(valid, parsed);
});

test("a non-enumerable toJSON on a strict object is dropped by zod's copy, kept by validReport", () => {
  const report = minimal();
  Object.defineProperty(report.window, "toJSON", { value: () => "not a window" });
  const [valid, parsed] = outcomes(report);
  assert.equal(valid, parsed);
});

test("an extra property on an array (here toJSON) is dropped by zod's copy, kept by validReport", () => {
  const report = minimal();
  Object.assign(report.principals, { toJSON: () => [{ arn: 1 }] });
  const [valid, parsed] = outcomes(report);
  assert.equal(valid, parsed);
});

test("an array of another class is copied into a plain array by zod", () => {
  const report = minimal();
  class Listed extends Array<string> {
    toJSON() {
      return 7;
    }
  }
  report.sources.activity = new Listed();
  const [valid, parsed] = outcomes(report);
  assert.equal(valid, parsed);
});

test("an accessor is not trusted: the report returned holds the value that was checked", () => {
  const report = minimal();
  let reads = 0;
  Object.defineProperty(report, "accountId", {
    get: () => (reads++ === 0 ? "123456789012" : 42),
    enumerable: true,
    configurable: true,
  });
  const valid = validReport(report);
  assert.deepEqual(Object.getOwnPropertyDescriptor(valid, "accountId")?.value, "123456789012");
  assert.equal(JSON.parse(JSON.stringify(valid)).accountId, "123456789012");
});

test("a field `.default(d).optional()` present as undefined is filled by zod (not in schema.ts today)", () => {
  const schema = z.strictObject({ a: z.array(z.string()).default([]).optional() });
  const value = { a: undefined };
  assert.equal(conformsTo(schema)(value), false, JSON.stringify(schema.parse(value)));
});
