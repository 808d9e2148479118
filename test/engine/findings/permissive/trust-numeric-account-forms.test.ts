import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { allowThenDeny, anyAws, trustFindings } from "../../../helpers/trust-fixture.js";

/**
 * Numeric operators compare the caller's account id as a number, whatever digits spell it: the
 * condition evaluator (policy/conditions.ts) reads `0.5` and `899999999999.0` as numbers and
 * `11112222` as the id 000011112222, so the trust findings must stand for the same accounts.
 * The test account is 111122223333.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Numeric
 */
const kinds = (trustPolicy: object) => trustFindings(trustPolicy).map((f) => f.kind);
const trusted = (trustPolicy: object) =>
  trustFindings(trustPolicy).flatMap((f) => (f.evidence.trusted as string[] | undefined) ?? []);

describe("numeric bounds on the caller's account written as decimals", () => {
  test("a decimal bound every account meets, or a wide decimal range, trusts any principal", () => {
    for (const condition of [
      { NumericGreaterThan: { "aws:PrincipalAccount": "0.5" } },
      { NumericGreaterThan: { "aws:PrincipalAccount": "899999999999.0" } },
      { NumericGreaterThan: { "aws:PrincipalAccount": "500000000000.5" } },
    ])
      assert.deepEqual(kinds(anyAws(condition)), ["trust-any-principal"], JSON.stringify(condition));
  });

  test("a Deny of a decimal bound's family still lets every other account in", () => {
    assert.deepEqual(
      kinds(allowThenDeny({ NumericLessThan: { "aws:PrincipalAccount": "500000000000.0" } })),
      ["trust-any-principal"],
    );
  });

  test("a Deny of one account named by a whole decimal still lets every other account in", () => {
    // 0.0 is the id 000000000000: any other account is a stranger the Deny leaves in.
    assert.deepEqual(kinds(allowThenDeny({ NumericEquals: { "aws:PrincipalAccount": "0.0" } })), [
      "trust-any-principal",
    ]);
  });

  test("decimal bounds around a few other accounts trust them", () => {
    assert.deepEqual(
      kinds(
        anyAws({
          NumericGreaterThanEquals: { "aws:PrincipalAccount": "111122223333.0" },
          NumericLessThanEquals: { "aws:PrincipalAccount": "111122223335.0" },
        }),
      ),
      ["trust-cross-account-no-external-id"],
    );
  });
});

describe("NumericEquals on the caller's account without its leading zeros", () => {
  test("trusts the account whose id is that number", () => {
    const policy = anyAws({ NumericEquals: { "aws:PrincipalAccount": "11112222" } });
    assert.deepEqual(kinds(policy), ["trust-cross-account-no-external-id"]);
    assert.ok(
      trusted(policy).some((t) => t.includes("000011112222")),
      JSON.stringify(trusted(policy)),
    );
  });

  test("beside numeric bounds, pins the account it names as a named account is", () => {
    // Fifteen ids, five of them named whole (as decimals): the other ten are trusted as named.
    const trustPolicy = doc(
      {
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: "sts:AssumeRole",
        Condition: {
          NumericGreaterThanEquals: { "aws:PrincipalAccount": "444455556600" },
          NumericLessThanEquals: { "aws:PrincipalAccount": "444455556614" },
        },
      },
      {
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: "sts:AssumeRole",
        Condition: {
          NumericEquals: { "aws:PrincipalAccount": [0, 1, 2, 3, 4].map((i) => `44445555660${i}.0`) },
        },
      },
    );
    assert.deepEqual(kinds(trustPolicy), ["trust-cross-account-no-external-id"]);
    assert.ok(trusted(trustPolicy).includes("444455556600"), JSON.stringify(trusted(trustPolicy)));
  });
});

describe("numeric bounds beside statements naming some principals of the accounts they hold", () => {
  // A statement naming one role of an account refuses or admits that role, not the account: every
  // other principal of it still meets the bounds, so the account is no more pinned than the range's
  // other ids. Only an Allow naming the whole account pins it.
  const range = {
    NumericGreaterThanEquals: { "aws:PrincipalAccount": "444455556600" },
    NumericLessThanEquals: { "aws:PrincipalAccount": "444455556614" },
  };
  const contractors = [0, 1, 2, 3, 4].map((i) => `arn:aws:iam::44445555660${i}:role/contractor`);

  test("a Deny of one role in each of five accounts leaves a range of fifteen ids open to anyone", () => {
    const trustPolicy = doc(
      { Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole", Condition: range },
      {
        Effect: "Deny",
        Principal: { AWS: "*" },
        Action: "sts:AssumeRole",
        Condition: { ArnEquals: { "aws:PrincipalArn": contractors } },
      },
    );
    assert.deepEqual(kinds(trustPolicy), ["trust-any-principal"]);
  });

  test("an Allow of one role in each of five accounts leaves a range of fifteen ids open to anyone", () => {
    const trustPolicy = doc(
      { Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole", Condition: range },
      {
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: "sts:AssumeRole",
        Condition: { ArnEquals: { "aws:PrincipalArn": contractors } },
      },
    );
    assert.deepEqual(kinds(trustPolicy), ["trust-any-principal"]);
  });

  test("an Allow naming five of fifteen accounts whole leaves ten others, trusted as named", () => {
    const trustPolicy = doc(
      { Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole", Condition: range },
      {
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:PrincipalAccount": contractors.map((arn) => arn.split(":")[4]!) } },
      },
    );
    assert.deepEqual(kinds(trustPolicy), ["trust-cross-account-no-external-id"]);
  });
});
