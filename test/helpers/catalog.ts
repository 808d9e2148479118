import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { loadCatalog } from "../../core/node/load-catalog.js";
import { realData } from "./paths.js";

export const catalog = loadCatalog();

/** The 1,523 AWS managed policies (GPL-licensed MAMIP copy: test input only, never shipped). */
export function managedPolicies(): Record<string, { PolicyVersion: { Document: unknown } }> {
  return JSON.parse(
    gunzipSync(readFileSync(realData("mamip", "aws-managed-policies.json.gz"))).toString("utf8"),
  );
}
