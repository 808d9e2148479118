import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { allowThenDeny, anyAws, trustFindings } from "../../../helpers/trust-fixture.js";

/**
 * Numeric operators compare an account id as a number: `NumericGreaterThan aws:PrincipalAccount 0`
 * holds for every real account, and `NumericLessThan 100000000000` for the tenth of them whose id
 * starts with 0: AWS gives no owner a run of ids, so a range wider than a few ids around the accounts
 * a policy names holds strangers' accounts. The test account is 111122223333.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Numeric
 */
const verdict = (trustPolicy: object) =>
  trustFindings(trustPolicy).map((f) => [f.kind, (f.evidence.trusted as string[] | undefined) ?? []]);

describe("trust narrowed by a numeric condition on the caller's account", () => {
  test("a bound every account meets trusts any principal", () => {
    for (const condition of [
      { NumericGreaterThan: { "aws:PrincipalAccount": "0" } },
      { NumericGreaterThanEquals: { "aws:PrincipalAccount": "1" } },
      { NumericLessThan: { "aws:PrincipalAccount": "999999999999" } },
      { NumericLessThanEquals: { "aws:PrincipalAccount": "999999999999" } },
      { NumericNotEquals: { "aws:PrincipalAccount": "111122223333" } },
    ])
      assert.deepEqual(verdict(anyAws(condition)), [["trust-any-principal", []]], JSON.stringify(condition));
  });

  test("a bound admitting more than a handful of accounts besides those named trusts any principal", () => {
    for (const condition of [
      { NumericLessThan: { "aws:PrincipalAccount": "100000000000" } },
      { NumericLessThan: { "aws:PrincipalAccount": "500000000000" } },
      { NumericGreaterThan: { "aws:PrincipalAccount": "899999999999" } },
      { NumericGreaterThan: { "aws:PrincipalAccount": "999999999000" } },
      {
        NumericGreaterThan: { "aws:PrincipalAccount": "0" },
        NumericLessThan: { "aws:PrincipalAccount": "100000000000" },
      },
    ])
      assert.deepEqual(verdict(anyAws(condition)), [["trust-any-principal", []]], JSON.stringify(condition));
  });

  test("bounds beside the accounts a policy names trust the few others between them", () => {
    assert.deepEqual(
      verdict(
        anyAws({
          NumericGreaterThanEquals: { "aws:PrincipalAccount": "111122223333" },
          NumericLessThanEquals: { "aws:PrincipalAccount": "111122223335" },
        }),
      ),
      [["trust-cross-account-no-external-id", ["111122223333-111122223335"]]],
    );
    assert.deepEqual(verdict(anyAws({ NumericGreaterThan: { "aws:PrincipalAccount": "999999999990" } })), [
      ["trust-cross-account-no-external-id", ["999999999991-999999999999"]],
    ]);
  });

  test("a Deny that refuses a family still lets every other account in", () => {
    const trustPolicy = allowThenDeny({ NumericLessThan: { "aws:PrincipalAccount": "100000000000" } });
    assert.deepEqual(verdict(trustPolicy), [["trust-any-principal", []]]);
  });

  test("NumericEquals this account, or a pinned external id beside a few accounts, trusts no other", () => {
    assert.deepEqual(verdict(anyAws({ NumericEquals: { "aws:PrincipalAccount": "111122223333" } })), []);
    assert.deepEqual(
      verdict(
        anyAws({
          NumericGreaterThan: { "aws:PrincipalAccount": "999999999990" },
          StringEquals: { "sts:ExternalId": "customer-7f3a" },
        }),
      ),
      [],
    );
  });

  test("an external id does not stop a stranger of a wide range: it sets the id itself", () => {
    assert.deepEqual(
      verdict(
        anyAws({
          NumericLessThan: { "aws:PrincipalAccount": "100000000000" },
          StringEquals: { "sts:ExternalId": "customer-7f3a" },
        }),
      ),
      [["trust-any-principal", []]],
    );
  });
});
