import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, policyArn, run } from "./fixture.js";

/** The services a pattern is reported as granting in full, each with the pattern named. */
function wildcardServices(pattern: string): string[] {
  const dev = user("dev", { attachedPolicyArns: [policyArn("p")] });
  const findings = run(
    snapshotWith({
      users: [dev],
      managedPolicies: managed("p", doc({ Effect: "Allow", Action: pattern, Resource: "*" })),
    }),
  );
  return findingsOf(findings, "service-wildcard", dev.arn).map((f) => {
    assert.deepEqual(f.actions, [pattern]);
    return String(f.evidence.service);
  });
}

describe("service-wildcard spellings", () => {
  // IAM matches Action values case-insensitively, `*` any run and `?` any one character: each of
  // these names every present and future iam action.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
  for (const pattern of ["iam:*", "IAM:*", "iam:**", "iam:?*", "iam:*?", "Iam:*?*"]) {
    test(`${pattern} is every iam action`, () => {
      assert.deepEqual(wildcardServices(pattern), ["iam"]);
    });
  }

  test("a wildcard in the prefix names each service it matches in full", () => {
    assert.deepEqual(wildcardServices("?am:*").sort(), ["iam", "oam", "ram", "wam"]);
  });

  test("a pattern naming only some of a service's actions is no service wildcard", () => {
    assert.deepEqual(wildcardServices("iam:Get*"), []);
    assert.deepEqual(wildcardServices("iam:*Policy"), []);
    assert.deepEqual(wildcardServices("iam:??????????????????????????????*"), []);
  });

  test("a pattern naming every action is admin access's, not a service wildcard", () => {
    assert.deepEqual(wildcardServices("*:*"), []);
    assert.deepEqual(wildcardServices("*"), []);
  });
});
