import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { role, snapshotWith } from "../../../helpers/snapshot-fixture.js";
import { run, trustDoc } from "./fixture.js";

const webIdentity = (condition?: object) => ({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { Federated: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" },
      Action: "sts:AssumeRoleWithWebIdentity",
      ...(condition ? { Condition: condition } : {}),
    },
  ],
});
const kindsFor = (trustPolicy: unknown) =>
  run(snapshotWith({ roles: [role("r", { trustPolicy })] }))
    .filter((f) => f.kind.startsWith("trust-"))
    .map((f) => f.kind);

describe("trust policies", () => {
  test("Principal * without a restricting condition is trust-any-principal", () => {
    assert.deepEqual(kindsFor(trustDoc("*")), ["trust-any-principal"]);
    assert.deepEqual(kindsFor(trustDoc({ AWS: "*" }, { Bool: { "aws:SecureTransport": "true" } })), [
      "trust-any-principal",
    ]);
  });

  test("Principal * narrowed to an organization is not reported", () => {
    assert.deepEqual(
      kindsFor(trustDoc({ AWS: "*" }, { StringEquals: { "aws:PrincipalOrgID": "o-abc" } })),
      [],
    );
  });

  test("another account without sts:ExternalId is reported; with it, or for this account, it is not", () => {
    assert.deepEqual(kindsFor(trustDoc({ AWS: "arn:aws:iam::999988887777:root" })), [
      "trust-cross-account-no-external-id",
    ]);
    assert.deepEqual(kindsFor(trustDoc({ AWS: "999988887777" })), ["trust-cross-account-no-external-id"]);
    assert.deepEqual(
      kindsFor(
        trustDoc({ AWS: "arn:aws:iam::999988887777:root" }, { StringEquals: { "sts:ExternalId": "x" } }),
      ),
      [],
    );
    assert.deepEqual(kindsFor(trustDoc({ AWS: "arn:aws:iam::111122223333:root" })), []);
  });

  test("GitHub OIDC without a sub condition lets any repository in", () => {
    const audOnly = { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } };
    assert.deepEqual(kindsFor(webIdentity(audOnly)), ["trust-oidc-no-subject"]);
    assert.deepEqual(
      kindsFor(
        webIdentity({
          ...audOnly,
          StringLike: { "token.actions.githubusercontent.com:sub": "repo:org/app:*" },
        }),
      ),
      [],
    );
  });

  test("a service principal is none of these", () => {
    assert.deepEqual(kindsFor(trustDoc({ Service: "lambda.amazonaws.com" })), []);
  });
});
