/**
 * duo-labs/parliament's unit-test policies and matcher cases (test/data/parliament,
 * BSD-3-Clause) as oracles for the linter and the ARN/glob matchers.
 *
 * How the vectors were extracted matters: one row per literal `assert_equal(finding_ids, {...})`,
 * each paired with the LAST policy string the upstream test analyzed. Tests that analyze several
 * policies (test_condition_action_specific, test_condition_multiple, test_condition_operator,
 * test_resource_policy_privilege_escalation_at_bucket_level, test_notresource_allow,
 * test_notprincipal_allow) therefore repeat one policy with the expectations of the others; only
 * the row whose assertion followed that policy belongs to it. test_sensitive_access repeats its one
 * policy while changing the auditor config, and test_policy_with_principal's five principals all
 * expect no finding, so their repeats agree. CORRECTIONS below names every row we read differently.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { parse as parseYaml } from "yaml";
import {
  isValidAccountId,
  isValidRegion,
  resourceMatchesFormat,
  resourceStrictlyMatchesFormat,
} from "../../../core/engine/policy/arn.js";
import { globsIntersect } from "../../../core/engine/policy/glob.js";
import { LINT_CODES, lintPolicy } from "../../../core/engine/policy/lint/index.js";
import { catalog } from "../../helpers/catalog.js";
import { realData } from "../../helpers/paths.js";
import { validationRows } from "../../helpers/validation-doc.js";
import { CORRECTIONS } from "./lint-cases/parliament-corrections.js";

interface Vector {
  test: string;
  policy: unknown;
  analyze_kwargs: Record<string, unknown>;
  expected_finding_ids?: string[];
  expected_finding_count?: number;
}
interface MatcherCase {
  function: string;
  args: string[];
  expected: boolean;
}
const data = JSON.parse(readFileSync(realData("parliament", "test-vectors.json"), "utf8")) as {
  vectors: Vector[];
  matcher_cases: MatcherCase[];
};

type Mapping = { codes: readonly string[] } | { elsewhere: string } | { unsupported: string };

/** Every parliament finding id: the codes we report for it, or why the linter does not. */
const PARLIAMENT: Record<string, Mapping> = {
  EXCEPTION: { codes: ["check-failed"] },
  MALFORMED_JSON: { codes: ["malformed-json", "not-an-object"] },
  MALFORMED: {
    codes: [
      "unknown-element",
      "invalid-statement",
      "missing-statement",
      "missing-effect",
      "invalid-effect",
      "missing-action",
      "both-action-and-notaction",
      "missing-resource",
      "both-resource-and-notresource",
      "both-principal-and-notprincipal",
      "missing-principal",
      "principal-in-identity-policy",
      "principal-in-scp",
      "resource-in-trust-policy",
      "not-principal-in-trust-policy",
      "invalid-principal",
      "invalid-action",
      "invalid-type",
      "empty-action",
      "empty-notaction",
      "empty-resource",
      "empty-notresource",
      "invalid-condition",
      "null-if-exists",
      "null-with-qualifier",
      "mixed-condition-value-types",
    ],
  },
  NO_VERSION: { codes: ["missing-version"] },
  INVALID_VERSION: { codes: ["invalid-version"] },
  OLD_VERSION: { codes: ["old-version", "variable-old-version"] },
  DUPLICATE_SID: { codes: ["duplicate-sid", "sid-not-unique"] },
  INVALID_SID: { codes: ["invalid-sid", "sid-not-alphanumeric"] },
  UNKNOWN_PREFIX: { codes: ["unknown-service"] },
  UNKNOWN_ACTION: { codes: ["unknown-action"] },
  UNKNOWN_OPERATOR: { codes: ["unknown-condition-operator"] },
  UNKNOWN_CONDITION_FOR_ACTION: {
    codes: [
      "unknown-condition-key",
      "condition-key-not-applicable",
      "unknown-global-condition-key",
      "invalid-condition-key-format",
    ],
  },
  MISMATCHED_TYPE: {
    codes: [
      "condition-type-mismatch",
      "invalid-condition-value",
      "invalid-bool-value",
      "invalid-date-value",
      "invalid-number-value",
      "invalid-ip-value",
      "invalid-binary-value",
      "variable-for-operator",
    ],
  },
  MISMATCHED_TYPE_BUT_USABLE: { codes: ["condition-type-usable"] },
  MISMATCHED_TYPE_OPERATION_TO_NULL: { codes: ["invalid-null-value"] },
  BAD_PATTERN_FOR_MFA: { codes: ["bad-mfa-condition"] },
  INVALID_ARN: {
    codes: [
      "invalid-resource",
      "invalid-arn",
      "missing-arn-field",
      "invalid-partition",
      "invalid-arn-region",
      "invalid-arn-account",
      "arn-service-case",
      "unknown-arn-service",
      "invalid-arn-resource",
      "arn-region-not-allowed",
      "arn-account-not-allowed",
      "missing-arn-region",
    ],
  },
  RESOURCE_MISMATCH: {
    codes: ["resource-mismatch", "action-resource-mismatch", "wildcard-only-action-with-resource"],
  },
  RESOURCE_STAR: { codes: ["resource-star"] },
  NOTPRINCIPAL_WITH_ALLOW: { codes: ["not-principal-allow"] },
  RESOURCE_EFFECTIVELY_STAR: {
    unsupported:
      "a judgment on how much of an account a pattern covers; trail/* in one account and region is scoped, not *",
  },
  UNKNOWN_PRINCIPAL: { unsupported: "principal validation belongs to the trust-policy detectors" },
  UNKNOWN_FEDERATION_SOURCE: { unsupported: "principal validation belongs to the trust-policy detectors" },
  SINGLE_VALUE_CONDITION_TOO_PERMISSIVE: {
    unsupported: "needs per-key multivalue knowledge the catalog lacks",
  },
  PERMISSIONS_MANAGEMENT_ACTIONS: {
    elsewhere: "not a lint concern: access-level analysis in the findings detectors",
  },
  PRIVILEGE_ESCALATION: { elsewhere: "not a lint concern: privilege-escalation detector" },
  CREDENTIALS_EXPOSURE: { elsewhere: "not a lint concern: credentials-exposure detector" },
  SENSITIVE_ACCESS: { elsewhere: "not a lint concern: needs a per-account list of sensitive resources" },
  RESOURCE_POLICY_PRIVILEGE_ESCALATION: { elsewhere: "not a lint concern: privilege-escalation detector" },
  NOTRESOURCE_WITH_ALLOW: { elsewhere: "not a lint concern: not-resource-allow detector" },
};

const toParliament = new Map<string, string>();
for (const [id, mapping] of Object.entries(PARLIAMENT)) {
  if ("codes" in mapping) for (const code of mapping.codes) toParliament.set(code, id);
}

describe("parliament finding ids", () => {
  test("every id in parliament's finding catalogs has a mapping", () => {
    for (const file of ["config.yaml", "community_auditors-config_override.yaml"]) {
      const ids = Object.keys(parseYaml(readFileSync(realData("parliament", file), "utf8")) as object);
      assert.ok(ids.length > 5, `${file} lists finding ids`);
      for (const id of ids) assert.ok(PARLIAMENT[id], `${id} from ${file} is mapped`);
    }
  });

  test("every code mapped to a parliament id is a lint code, mapped once", () => {
    const mapped = Object.values(PARLIAMENT).flatMap((m) => ("codes" in m ? m.codes : []));
    for (const code of mapped) assert.ok(Object.hasOwn(LINT_CODES, code), code);
    assert.equal(new Set(mapped).size, mapped.length);
  });

  test("docs/validation.md names the parliament id of every code that has one, and none for others", () => {
    const rows = validationRows();
    for (const code of Object.keys(LINT_CODES)) {
      const row = rows.get(code);
      assert.ok(row, `${code} has a row`);
      assert.equal(row.parliament, toParliament.get(code) ?? "", code);
    }
  });
});

describe("parliament policy vectors", () => {
  assert.equal(data.vectors.length, 58);
  const seen = new Map<string, number>();
  for (const vector of data.vectors) {
    const occurrence = seen.get(vector.test) ?? 0;
    seen.set(vector.test, occurrence + 1);
    const key = `${vector.test}#${occurrence}`;
    const correction = CORRECTIONS[key];
    test(`${key}${correction ? ` (${correction.why})` : ""}`, () => {
      const problems = lintPolicy(catalog, vector.policy);
      if (vector.expected_finding_count !== undefined) {
        assert.equal(problems.length, vector.expected_finding_count, JSON.stringify(problems));
        return;
      }
      const mapped = new Set(problems.flatMap((p) => toParliament.get(p.code) ?? []));
      const extra = problems.map((p) => p.code).filter((code) => !toParliament.has(code));
      const expected =
        correction?.ids ??
        (vector.expected_finding_ids ?? []).filter((id) => {
          const mapping = PARLIAMENT[id];
          assert.ok(mapping, `unmapped parliament id ${id}`);
          return "codes" in mapping;
        });
      assert.deepEqual([...mapped].sort(), [...new Set(expected)].sort(), JSON.stringify(problems));
      assert.deepEqual(extra, correction?.extra ?? []);
    });
  }
});

/**
 * Parliament writes ARN formats with `*` where the catalog has `${...}` placeholders; our matcher
 * reads a bare `*` in a format the same way. One difference: parliament special-cases the "bucket"
 * type (a bucket name cannot hold `/`), which the catalog expresses as `${BucketName}`, so for that
 * type the `*` of the bucket segment becomes `${BucketName}`.
 */
function catalogFormat(resourceType: string, format: string): string {
  if (resourceType !== "bucket") return format;
  const parts = format.split(":");
  return [...parts.slice(0, 5), parts.slice(5).join(":").replaceAll("*", "${BucketName}")].join(":");
}

const MATCHERS: Record<string, (args: string[]) => boolean> = {
  is_glob_match: ([a, b]) => globsIntersect(a!, b!),
  is_arn_match: ([type, format, arn]) => resourceMatchesFormat(arn!, catalogFormat(type!, format!)),
  is_arn_strictly_valid: ([type, format, arn]) =>
    resourceStrictlyMatchesFormat(arn!, catalogFormat(type!, format!)),
  is_valid_region: ([value]) => isValidRegion(value!),
  is_valid_account_id: ([value]) => isValidAccountId(value!),
};

describe("parliament matcher cases", () => {
  assert.equal(data.matcher_cases.length, 55);
  for (const c of data.matcher_cases) {
    test(`${c.function}(${c.args.map((a) => JSON.stringify(a)).join(", ")}) is ${c.expected}`, () => {
      const matcher = MATCHERS[c.function];
      assert.ok(matcher, `no matcher for ${c.function}`);
      assert.equal(matcher(c.args), c.expected);
    });
  }
});
