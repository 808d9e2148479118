import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Catalog } from "../../../core/engine/catalog/catalog.js";
import { LINT_CODES, lintPolicy } from "../../../core/engine/policy/lint/index.js";
import { catalog } from "../../helpers/catalog.js";
import { validationRows } from "../../helpers/validation-doc.js";
import { ACTIONS_RESOURCES } from "./lint-cases/actions-resources.js";
import type { Cases } from "./lint-cases/case.js";
import { CONDITIONS } from "./lint-cases/conditions.js";
import { GRAMMAR } from "./lint-cases/grammar.js";
import { PRINCIPALS } from "./lint-cases/principals.js";

const CASES: Cases = { ...GRAMMAR, ...ACTIONS_RESOURCES, ...CONDITIONS, ...PRINCIPALS };
const rows = validationRows();

describe("every lint code, by a document that gets it", () => {
  test("every code but check-failed has a case", () => {
    const missing = Object.keys(LINT_CODES).filter((code) => code !== "check-failed" && !(code in CASES));
    assert.deepEqual(missing, []);
  });

  for (const [code, c] of Object.entries(CASES)) {
    test(`${code} (${LINT_CODES[code as keyof typeof LINT_CODES].severity}, ${c.kind})`, () => {
      const options = { kind: c.kind, ...(c.maxSize ? { maxSize: c.maxSize } : {}) };
      const problems = lintPolicy(catalog, c.bad, options);
      assert.ok(
        problems.some((p) => p.code === code),
        JSON.stringify(problems),
      );
      assert.ok(rows.get(code)?.kinds.includes(c.kind), `docs/validation.md lists ${c.kind} for ${code}`);
      if (c.clean !== undefined) {
        const clean = lintPolicy(catalog, c.clean, options);
        assert.ok(!clean.some((p) => p.code === code), JSON.stringify(clean));
      }
    });
  }

  test("check-failed: a crashing check becomes an error and the other checks still run", () => {
    const broken = new Proxy(catalog, {
      get: (target, key) =>
        key === "action"
          ? () => {
              throw new Error("boom");
            }
          : Reflect.get(target, key, target),
    }) as Catalog;
    const problems = lintPolicy(broken, {
      Version: "2012-10-17",
      Statement: [{ Sid: "a b", Effect: "Allow", Action: "iam:PassRole", Resource: "*" }],
    });
    const codes = problems.map((p) => p.code);
    assert.ok(codes.includes("check-failed"), JSON.stringify(problems));
    assert.ok(codes.includes("invalid-sid"));
  });
});
