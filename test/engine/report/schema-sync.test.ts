import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { test } from "node:test";
import { reportJsonSchema, reportSchema } from "../../../core/engine/report/schema.js";
import { reportFixture } from "../../fixtures/report-fixture.js";
import { REPORT_SCHEMA_PATH, reportSchemaErrors } from "../../helpers/report-schema.js";

// The committed file is formatted by biome (short arrays on one line), so the test compares the
// schema it holds, not the bytes JSON.stringify would write.
const REGENERATE =
  "UPDATE_REPORT_SCHEMA=1 node --import tsx --test test/engine/report/schema-sync.test.ts && npx biome format --write schema/report.schema.json";

if (process.env.UPDATE_REPORT_SCHEMA === "1")
  writeFileSync(REPORT_SCHEMA_PATH, `${JSON.stringify(reportJsonSchema(), null, 2)}\n`);

test("schema/report.schema.json is the JSON Schema derived from the zod report schema", () => {
  const text = readFileSync(REPORT_SCHEMA_PATH, "utf8");
  assert.deepEqual(
    JSON.parse(text),
    reportJsonSchema(),
    `schema/report.schema.json is stale; run: ${REGENERATE}`,
  );
  assert.ok(text.endsWith("}\n"), "ends with one newline");
  assert.match(text, /^\{\n {2}"\$schema": "https:\/\/json-schema\.org\/draft\/2020-12\/schema",\n/);
});

test("the fixture report is valid for both the zod schema and the committed JSON Schema", () => {
  const report = reportFixture();
  assert.doesNotThrow(() => reportSchema.parse(report));
  assert.deepEqual(reportSchemaErrors(report), []);
});

test("the committed JSON Schema rejects what the contract forbids", () => {
  const unknownKind = reportFixture();
  (unknownKind.findings[0] as { kind: string }).kind = "made-up-kind";
  assert.ok(reportSchemaErrors(unknownKind).some((e) => e.startsWith("/findings/0/kind")));

  const extraField = { ...reportFixture(), surprise: true };
  assert.ok(reportSchemaErrors(extraField).length > 0, "additional top-level fields are refused");

  const missing: Record<string, unknown> = { ...reportFixture() };
  delete missing.summary;
  assert.ok(reportSchemaErrors(missing).some((e) => e.includes("summary")));

  const wrongVersion = { ...reportFixture(), schemaVersion: 2 };
  assert.ok(reportSchemaErrors(wrongVersion).some((e) => e.startsWith("/schemaVersion")));
});
