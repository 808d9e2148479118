import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { LINT_CODES } from "../../../core/engine/policy/lint/index.js";
import { notDoneRows, validationRows } from "../../helpers/validation-doc.js";

/**
 * IAM Access Analyzer's policy check reference, section by section ("Access Analyzer policy check
 * reference", IAM User Guide; awsdocs/iam-user-guide commit 651083f, May 2023): finding type as our
 * severity class, and the check's name. Two names appear twice there.
 */
const ACCESS_ANALYZER: readonly [string, string][] = [
  ["error", "ARN account not allowed"],
  ["error", "ARN Region not allowed"],
  ["error", "Data type mismatch"],
  ["error", "Duplicate keys with different case"],
  ["error", "Invalid action"],
  ["error", "Invalid ARN account"],
  ["error", "Invalid ARN prefix"],
  ["error", "Invalid ARN Region"],
  ["error", "Invalid ARN resource"],
  ["error", "Invalid ARN service case"],
  ["error", "Invalid condition data type"],
  ["error", "Invalid condition key format"],
  ["error", "Invalid condition multiple Boolean"],
  ["error", "Invalid condition operator"],
  ["error", "Invalid effect"],
  ["error", "Invalid global condition key"],
  ["error", "Invalid partition"],
  ["error", "Invalid policy element"],
  ["error", "Invalid principal format"],
  ["error", "Invalid principal key"],
  ["error", "Invalid Region"],
  ["error", "Invalid service"],
  ["error", "Invalid service condition key"],
  ["error", "Invalid service in action"],
  ["error", "Invalid variable for operator"],
  ["error", "Invalid version"],
  ["error", "Json syntax error"],
  ["error", "Json syntax error"],
  ["error", "Missing action"],
  ["error", "Missing ARN field"],
  ["error", "Missing ARN Region"],
  ["error", "Missing effect"],
  ["error", "Missing principal"],
  ["error", "Missing qualifier"],
  ["error", "Missing resource"],
  ["error", "Missing statement"],
  ["error", "Null with if exists"],
  ["error", "SCP syntax error action wildcard"],
  ["error", "SCP syntax error allow condition"],
  ["error", "SCP syntax error allow NotAction"],
  ["error", "SCP syntax error allow resource"],
  ["error", "SCP syntax error NotResource"],
  ["error", "SCP syntax error principal"],
  ["error", "Unique Sids required"],
  ["error", "Unsupported action in policy"],
  ["error", "Unsupported element combination"],
  ["error", "Unsupported global condition key"],
  ["error", "Unsupported principal"],
  ["error", "Unsupported resource ARN in policy"],
  ["error", "Unsupported Sid"],
  ["error", "Unsupported wildcard in principal"],
  ["error", "Missing brace in variable"],
  ["error", "Missing quote in variable"],
  ["error", "Unsupported space in variable"],
  ["error", "Empty variable"],
  ["error", "Variable unsupported in element"],
  ["error", "Variable unsupported in version"],
  ["error", "Private IP address"],
  ["error", "Private NotIpAddress"],
  ["error", "Policy size exceeds SCP quota"],
  ["error", "Invalid service principal format"],
  ["error", "Missing tag key in condition"],
  ["error", "Invalid vpc format"],
  ["error", "Invalid vpce format"],
  ["error", "Federated principal not supported"],
  ["error", "Unsupported action for condition key"],
  ["error", "Unsupported action in policy"],
  ["error", "Unsupported resource ARN in policy"],
  ["error", "Unsupported condition key for service principal"],
  ["error", "Role trust policy syntax error notprincipal"],
  ["error", "Role trust policy unsupported wildcard in principal"],
  ["error", "Role trust policy syntax error resource"],
  ["error", "Missing action for condition key"],
  ["error", "Invalid federated principal syntax in role trust policy"],
  ["error", "Mismatched action for principal"],
  ["error", "Missing action for roles anywhere trust policy"],
  ["warning", "Create SLR with NotResource"],
  ["warning", "Create SLR with star in action and NotResource"],
  ["warning", "Create SLR with NotAction and NotResource"],
  ["warning", "Create SLR with star in resource"],
  ["warning", "Create SLR with star in action and resource"],
  ["warning", "Create SLR with star in resource and NotAction"],
  ["warning", "Deprecated global condition key"],
  ["warning", "Invalid date value"],
  ["warning", "Invalid role reference"],
  ["warning", "Invalid user reference"],
  ["warning", "Missing version"],
  ["warning", "Unique Sids recommended"],
  ["warning", "Wildcard without like operator"],
  ["warning", "Policy size exceeds identity policy quota"],
  ["warning", "Policy size exceeds resource policy quota"],
  ["warning", "Type mismatch"],
  ["warning", "Type mismatch Boolean"],
  ["warning", "Type mismatch date"],
  ["warning", "Type mismatch IP range"],
  ["warning", "Type mismatch number"],
  ["warning", "Type mismatch string"],
  ["warning", "Specific github repo and branch recommended"],
  ["warning", "Policy size exceeds role trust policy quota"],
  ["security", "Allow with NotPrincipal"],
  ["security", "ForAllValues with single valued key"],
  ["security", "Pass role with NotResource"],
  ["security", "Pass role with star in action and NotResource"],
  ["security", "Pass role with NotAction and NotResource"],
  ["security", "Pass role with star in resource"],
  ["security", "Pass role with star in action and resource"],
  ["security", "Pass role with star in resource and NotAction"],
  ["security", "Missing paired condition keys"],
  ["security", "Deny with unsupported tag condition key for service"],
  ["security", "Deny NotAction with unsupported tag condition key for service"],
  ["security", "Restrict access to service principal"],
  ["security", "Missing condition key for oidc principal"],
  ["security", "Missing github repo condition key"],
  ["suggestion", "Empty array action"],
  ["suggestion", "Empty array condition"],
  ["suggestion", "Empty array condition ForAllValues"],
  ["suggestion", "Empty array condition ForAnyValue"],
  ["suggestion", "Empty array condition IfExists"],
  ["suggestion", "Empty array principal"],
  ["suggestion", "Empty array resource"],
  ["suggestion", "Empty object condition"],
  ["suggestion", "Empty object principal"],
  ["suggestion", "Empty Sid value"],
  ["suggestion", "Improve IP range"],
  ["suggestion", "Null with qualifier"],
  ["suggestion", "Private IP address subset"],
  ["suggestion", "Private NotIpAddress subset"],
  ["suggestion", "Redundant action"],
  ["suggestion", "Redundant condition value num"],
  ["suggestion", "Redundant resource"],
  ["suggestion", "Redundant statement"],
  ["suggestion", "Wildcard in service name"],
  ["suggestion", "Allow with unsupported tag condition key for service"],
  ["suggestion", "Allow NotAction with unsupported tag condition key for service"],
  ["suggestion", "Recommended condition key for service principal"],
  ["suggestion", "Irrelevant condition key in policy"],
  ["suggestion", "Redundant principal in role trust policy"],
  ["suggestion", "Confirm audience claim type"],
];

const byName = new Map(ACCESS_ANALYZER.map(([type, name]) => [name, type]));

describe("docs/validation.md against Access Analyzer's reference", () => {
  const rows = [...validationRows().values()];
  const notDone = notDoneRows();

  test("the reference has 135 distinct checks", () => {
    assert.equal(ACCESS_ANALYZER.length, 138);
    assert.equal(byName.size, 135);
  });

  test("every check is either mapped to our codes or listed as not done with a reason, never both", () => {
    const mapped = new Set(rows.flatMap((r) => r.accessAnalyzer));
    for (const name of byName.keys()) {
      const missing = notDone.filter((r) => r.accessAnalyzer === name).length;
      assert.equal(Number(mapped.has(name)) + missing, 1, name);
    }
    for (const name of mapped) assert.ok(byName.has(name), `"${name}" is an Access Analyzer check`);
    for (const row of notDone) {
      assert.equal(row.type, byName.get(row.accessAnalyzer), row.accessAnalyzer);
      assert.ok(row.why.length > 20, `${row.accessAnalyzer} says why`);
    }
  });

  test("every lint code has one row whose severity is the code table's", () => {
    assert.deepEqual(rows.map((r) => r.code).sort(), Object.keys(LINT_CODES).sort());
    for (const row of rows) {
      const severity = LINT_CODES[row.code as keyof typeof LINT_CODES].severity;
      assert.equal(row.severity.split(" ")[0], severity, row.code);
    }
  });

  test("a code has the severity class of the Access Analyzer checks it implements, or says it differs", () => {
    for (const row of rows) {
      const severity = row.severity.split(" ")[0];
      const differing = [
        ...new Set(row.accessAnalyzer.map((n) => byName.get(n)!).filter((t) => t !== severity)),
      ];
      const note = differing.length > 0 ? ` (AA: ${differing.sort().join(", ")})` : "";
      assert.equal(row.severity, `${severity}${note}`, row.code);
    }
  });

  test("kinds are --kind values", () => {
    for (const row of rows) {
      assert.ok(row.kinds.length > 0, row.code);
      for (const kind of row.kinds) assert.ok(["identity", "resource", "trust", "scp"].includes(kind), kind);
    }
  });
});
