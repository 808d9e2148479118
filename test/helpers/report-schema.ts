import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
// The named export: under NodeNext the default import of this CommonJS module is not the class.
import { Ajv2020 } from "ajv/dist/2020.js";
import { repoRoot } from "./paths.js";

/**
 * Validates a produced report against the committed schema/report.schema.json (what outside
 * tools read), not against the zod schema: a test that passes here proves the published file
 * accepts the report.
 */
export const REPORT_SCHEMA_PATH = join(repoRoot, "schema", "report.schema.json");

const ajv = new Ajv2020({ allErrors: true, strict: false });
const validate = ajv.compile(JSON.parse(readFileSync(REPORT_SCHEMA_PATH, "utf8")) as object);

/** The schema's errors for `report`, as `path: message` lines; empty when valid. */
export function reportSchemaErrors(report: unknown): string[] {
  return validate(report)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath || "/"}: ${e.message ?? "invalid"}`);
}

export function assertValidReport(report: unknown): void {
  const errors = reportSchemaErrors(report);
  assert.deepEqual(errors, [], `report does not match schema/report.schema.json:\n${errors.join("\n")}`);
}
