import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { role, snapshotWith } from "../../../helpers/snapshot-fixture.js";
import { run, trustDoc } from "./fixture.js";

/**
 * `"Principal": {"AWS": "*"}` narrowed by a wildcard pattern of accounts (StringLike or ArnLike on
 * aws:PrincipalAccount / aws:PrincipalArn) trusts a family of accounts: not any account, and not
 * only one. The test account is 111122223333.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
 */
const trustFindings = (condition: object) =>
  run(snapshotWith({ roles: [role("r", { trustPolicy: trustDoc({ AWS: "*" }, condition) })] })).filter((f) =>
    f.kind.startsWith("trust-"),
  );
const verdict = (condition: object) =>
  trustFindings(condition).map((f) => [f.kind, (f.evidence.trusted as string[] | undefined) ?? []]);

describe("trust narrowed to a pattern of accounts", () => {
  test("StringLike aws:PrincipalAccount with a prefix trusts the accounts it matches", () => {
    assert.deepEqual(verdict({ StringLike: { "aws:PrincipalAccount": "99998888*" } }), [
      ["trust-cross-account-no-external-id", ["99998888*"]],
    ]);
  });

  test("a prefix this account matches still admits the other accounts it matches", () => {
    assert.deepEqual(verdict({ StringLike: { "aws:PrincipalAccount": "1111222233*" } }), [
      ["trust-cross-account-no-external-id", ["1111222233*"]],
    ]);
  });

  test("? stands for one digit; ForAnyValue on the single-valued key reads alike", () => {
    assert.deepEqual(verdict({ StringLike: { "aws:PrincipalAccount": "9999888877??" } }), [
      ["trust-cross-account-no-external-id", ["9999888877??"]],
    ]);
    assert.deepEqual(verdict({ "ForAnyValue:StringLike": { "aws:PrincipalAccount": "9999*" } }), [
      ["trust-cross-account-no-external-id", ["9999*"]],
    ]);
  });

  test("ArnLike aws:PrincipalArn with a pattern in the account field trusts those accounts", () => {
    assert.deepEqual(verdict({ ArnLike: { "aws:PrincipalArn": "arn:aws:iam::9999*:role/ci" } }), [
      ["trust-cross-account-no-external-id", ["9999*"]],
    ]);
  });

  test("only this account, or a pinned external id, trusts no other; 11112222333? names nine others", () => {
    assert.deepEqual(verdict({ StringLike: { "aws:PrincipalAccount": "111122223333" } }), []);
    assert.deepEqual(verdict({ StringLike: { "aws:PrincipalAccount": "11112222333?" } }), [
      ["trust-cross-account-no-external-id", ["11112222333?"]],
    ]);
    assert.deepEqual(
      verdict({
        StringLike: { "aws:PrincipalAccount": "99998888*" },
        StringEquals: { "sts:ExternalId": "customer-7f3a" },
      }),
      [],
    );
  });

  test("a pattern matching every account trusts any principal", () => {
    assert.deepEqual(verdict({ StringLike: { "aws:PrincipalAccount": "*" } }), [["trust-any-principal", []]]);
    assert.deepEqual(verdict({ StringLike: { "aws:PrincipalAccount": "????????????" } }), [
      ["trust-any-principal", []],
    ]);
  });

  test("patterns that together match every account trust any principal", () => {
    const everyFirstDigit = [..."0123456789"].map((d) => `${d}*`);
    assert.deepEqual(verdict({ StringLike: { "aws:PrincipalAccount": everyFirstDigit } }), [
      ["trust-any-principal", []],
    ]);
  });
});

/**
 * Whatever account ids a pattern happens to match, the accounts it leaves out are not "any
 * principal": a family of zeros is as narrow as a family of nines.
 */
describe("trust narrowed to accounts and organizations of any spelling", () => {
  test("a prefix of zeros trusts the accounts it matches, not any principal", () => {
    assert.deepEqual(verdict({ StringLike: { "aws:PrincipalAccount": "0000*" } }), [
      ["trust-cross-account-no-external-id", ["0000*"]],
    ]);
    assert.deepEqual(verdict({ StringLike: { "aws:PrincipalAccount": "00000000000?" } }), [
      ["trust-cross-account-no-external-id", ["00000000000?"]],
    ]);
    assert.deepEqual(verdict({ ArnLike: { "aws:PrincipalArn": "arn:aws:iam::0000*:role/ci" } }), [
      ["trust-cross-account-no-external-id", ["0000*"]],
    ]);
  });

  test("a Deny that refuses every account but a family trusts that family", () => {
    const denyOthers = (condition: object) => ({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" },
        { Effect: "Deny", Principal: "*", Action: "sts:AssumeRole", Condition: condition },
      ],
    });
    const kinds = (trustPolicy: object) =>
      run(snapshotWith({ roles: [role("r", { trustPolicy })] }))
        .filter((f) => f.kind.startsWith("trust-"))
        .map((f) => [f.kind, (f.evidence.trusted as string[] | undefined) ?? []]);
    assert.deepEqual(kinds(denyOthers({ StringNotLike: { "aws:PrincipalAccount": "0000*" } })), [
      ["trust-cross-account-no-external-id", ["0000*"]],
    ]);
    assert.deepEqual(kinds(denyOthers({ StringLike: { "aws:PrincipalAccount": "0000*" } })), [
      ["trust-any-principal", []],
    ]);
  });

  test('Principal "*" written as a string reads alike', () => {
    const star = (condition: object) =>
      run(snapshotWith({ roles: [role("r", { trustPolicy: trustDoc("*", condition) })] }))
        .filter((f) => f.kind.startsWith("trust-"))
        .map((f) => f.kind);
    assert.deepEqual(star({ StringLike: { "aws:PrincipalAccount": "0000*" } }), [
      "trust-cross-account-no-external-id",
    ]);
    assert.deepEqual(star({ StringLike: { "aws:PrincipalAccount": "*" } }), ["trust-any-principal"]);
  });

  test("an organization id pattern admits strangers, who can create an organization it matches", () => {
    for (const id of ["o-w*", "o-*outsider*", "o-???????????*"])
      assert.deepEqual(
        verdict({ StringLike: { "aws:PrincipalOrgID": id } }),
        [["trust-any-principal", []]],
        id,
      );
    assert.deepEqual(verdict({ "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": "o-w*" } }), [
      ["trust-any-principal", []],
    ]);
  });

  test("every account but a family, or any organization, still trusts any principal", () => {
    assert.deepEqual(verdict({ StringNotLike: { "aws:PrincipalAccount": "0000*" } }), [
      ["trust-any-principal", []],
    ]);
    for (const id of ["o-*", "o-??????????*"])
      assert.deepEqual(
        verdict({ StringLike: { "aws:PrincipalOrgID": id } }),
        [["trust-any-principal", []]],
        id,
      );
    assert.deepEqual(verdict({ StringLike: { "sts:RoleSessionName": "0000*" } }), [
      ["trust-any-principal", []],
    ]);
  });
});
