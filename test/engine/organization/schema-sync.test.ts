import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { Ajv2020 } from "ajv/dist/2020.js";
import { orgReportJsonSchema } from "../../../core/engine/organization/schema.js";
import { repoRoot } from "../../helpers/paths.js";
import { orgReportFixture } from "./org-fixture.js";

const PATH = join(repoRoot, "schema", "org-report.schema.json");
const REGENERATE =
  "UPDATE_REPORT_SCHEMA=1 node --import tsx --test test/engine/organization/schema-sync.test.ts && npx biome format --write schema/org-report.schema.json";

if (process.env.UPDATE_REPORT_SCHEMA === "1")
  writeFileSync(PATH, `${JSON.stringify(orgReportJsonSchema(), null, 2)}\n`);

test("schema/org-report.schema.json is the JSON Schema derived from the zod rollup schema", () => {
  assert.deepEqual(
    JSON.parse(readFileSync(PATH, "utf8")),
    orgReportJsonSchema(),
    `stale; run: ${REGENERATE}`,
  );
});

test("the committed schema accepts a rollup and refuses one without its accounts", async () => {
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(
    JSON.parse(readFileSync(PATH, "utf8")),
  );
  const report = await orgReportFixture();
  assert.ok(validate(report), JSON.stringify(validate.errors));
  const { accounts: _, ...missing } = report;
  assert.equal(validate(missing), false);
});
