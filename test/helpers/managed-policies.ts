import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { realData } from "./paths.js";

/** The number of AWS managed policies in iam-dataset's bundle plus the two too large for it. */
export const MANAGED_POLICY_COUNT = 1643;

type Entry = { document: unknown };

/**
 * AWS managed policies from iann0036/iam-dataset (MIT), keyed by name in the GetPolicyVersion
 * shape the tests and benchmarks feed the engine. AdministratorAccess and PowerUserAccess live in a
 * side file: upstream lists every action they reach, which kept them out of the bundle.
 */
export function managedPolicies(): Record<string, { PolicyVersion: { Document: unknown } }> {
  const bundle = JSON.parse(
    gunzipSync(readFileSync(realData("iam-dataset", "aws-managed-policies-with-flags.json.gz"))).toString(
      "utf8",
    ),
  ) as Record<string, Entry>;
  const large = JSON.parse(
    readFileSync(realData("iam-dataset", "aws-managed-policies-large.json"), "utf8"),
  ) as Record<string, Entry>;
  return Object.fromEntries(
    Object.entries({ ...bundle, ...large }).map(([name, p]) => [
      name,
      { PolicyVersion: { Document: p.document } },
    ]),
  );
}
