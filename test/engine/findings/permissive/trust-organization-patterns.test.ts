import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { allowThenDeny, anyAws, trustFindings } from "../../../helpers/trust-fixture.js";
import { trustDoc } from "./fixture.js";

/**
 * AWS assigns organization ids at random (`o-` and 10 or more lower-case letters or digits), and
 * anyone may create an organization, delete it and create another until its id matches: a pattern
 * such as `o-w*` admits about one organization in 36, strangers' among them. The test account is
 * 111122223333.
 */
const kinds = (trustPolicy: object) =>
  trustFindings(trustPolicy).map((f) => [f.kind, f.severity, f.evidence.organizations ?? []]);

describe("trust narrowed to a pattern of organization ids", () => {
  test("StringLike aws:PrincipalOrgID with a prefix lets strangers in", () => {
    for (const id of ["o-w*", "o-a?????????", "o-abcdefghi?", "o-*outsider*"])
      assert.deepEqual(
        kinds(anyAws({ StringLike: { "aws:PrincipalOrgID": id } })),
        [["trust-any-principal", "critical", [id]]],
        id,
      );
  });

  test("a pattern on aws:PrincipalOrgPaths' organization part lets strangers in", () => {
    assert.deepEqual(kinds(anyAws({ "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": "o-w*/*" } })), [
      ["trust-any-principal", "critical", ["o-w*"]],
    ]);
    assert.deepEqual(kinds(anyAws({ "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": "o-w*" } })), [
      ["trust-any-principal", "critical", ["o-w*"]],
    ]);
  });

  test("a full organization id, or a path under one, lets no stranger in", () => {
    assert.deepEqual(kinds(anyAws({ StringLike: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } })), []);
    assert.deepEqual(kinds(anyAws({ StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } })), []);
    assert.deepEqual(
      kinds(anyAws({ "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": "o-a1b2c3d4e5/r-ab12/*" } })),
      [],
    );
  });

  test("a pattern matching no organization id lets no one in", () => {
    assert.deepEqual(kinds(anyAws({ StringLike: { "aws:PrincipalOrgID": "o-W*" } })), []);
    assert.deepEqual(kinds(anyAws({ StringLike: { "aws:PrincipalOrgID": "o-ab?" } })), []);
  });

  test("the stranger's organization escapes a Deny naming part of the family", () => {
    const trustPolicy = allowThenDeny(
      { StringLike: { "aws:PrincipalOrgID": "o-w0*" } },
      { StringLike: { "aws:PrincipalOrgID": "o-w*" } },
    );
    assert.deepEqual(kinds(trustPolicy), [["trust-any-principal", "critical", ["o-w*"]]]);
  });

  test("a Deny refusing every organization but a family lets the family's strangers in", () => {
    const trustPolicy = allowThenDeny({ StringNotLike: { "aws:PrincipalOrgID": "o-w*" } });
    assert.deepEqual(kinds(trustPolicy), [["trust-any-principal", "critical", ["o-w*"]]]);
  });

  test("an external id does not stop a stranger of the family: it sets the id itself", () => {
    assert.deepEqual(
      kinds(
        anyAws({
          StringLike: { "aws:PrincipalOrgID": "o-w*" },
          StringEquals: { "sts:ExternalId": "x-7f3a" },
        }),
      ),
      [["trust-any-principal", "critical", ["o-w*"]]],
    );
  });

  test("a condition the snapshot cannot decide makes the finding conditional", () => {
    assert.deepEqual(
      kinds(
        anyAws({
          StringLike: { "aws:PrincipalOrgID": "o-w*" },
          IpAddress: { "aws:SourceIp": "203.0.113.0/24" },
        }),
      ),
      [["trust-any-principal", "high", ["o-w*"]]],
    );
  });

  test("aws:ResourceOrgID names the role's own organization, not the caller's: a pattern on it opens nothing more", () => {
    assert.deepEqual(
      kinds(
        trustDoc({ AWS: "arn:aws:iam::111122223333:root" }, { StringLike: { "aws:ResourceOrgID": "o-w*" } }),
      ),
      [],
    );
  });
});
