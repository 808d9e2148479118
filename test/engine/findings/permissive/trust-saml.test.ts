import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Finding } from "../../../../core/engine/findings/types.js";
import { role, snapshotWith } from "../../../helpers/snapshot-fixture.js";
import { run } from "./fixture.js";

const PROVIDER = "arn:aws:iam::111122223333:saml-provider/Okta";
const SIGN_IN = "https://signin.aws.amazon.com/saml";

const samlTrust = (condition?: object, extra: object[] = []) => ({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { Federated: PROVIDER },
      Action: "sts:AssumeRoleWithSAML",
      ...(condition ? { Condition: condition } : {}),
    },
    ...extra,
  ],
});
const trustFindings = (trustPolicy: unknown): Finding[] =>
  run(snapshotWith({ roles: [role("sso", { trustPolicy })] })).filter((f) => f.kind.startsWith("trust-"));
const verdict = (trustPolicy: unknown) => {
  const f = trustFindings(trustPolicy).find((x) => x.kind === "trust-saml-no-audience");
  return f
    ? f.severity === "low"
      ? "any recipient"
      : "any recipient unless the network stops it"
    : "AWS only";
};

/**
 * Each case is a SAML trust policy and the verdict AWS's evaluation logic gives for a SAML response
 * the provider signed for a recipient other than AWS sign-in, presented to AssumeRoleWithSAML. The
 * Recipient (`saml:aud`) is always in such a request, so IfExists acts as the plain operator; a
 * negated operator admits every other recipient; the request is not signed, so principal keys are
 * absent. https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_saml.html,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 */
const CASES: [
  string,
  object | undefined,
  "any recipient" | "AWS only" | "any recipient unless the network stops it",
][] = [
  ["no condition", undefined, "any recipient"],
  [
    "StringEquals SAML:aud the global sign-in endpoint (AWS's own example)",
    { StringEquals: { "SAML:aud": SIGN_IN } },
    "AWS only",
  ],
  [
    "StringEquals saml:aud regional endpoints, key written in lower case",
    { StringEquals: { "saml:aud": ["https://us-east-1.signin.aws.amazon.com/saml", SIGN_IN] } },
    "AWS only",
  ],
  [
    "StringLike SAML:aud any region's sign-in endpoint",
    { StringLike: { "SAML:aud": "https://*.signin.aws.amazon.com/saml" } },
    "AWS only",
  ],
  ['StringLike SAML:aud "*"', { StringLike: { "SAML:aud": "*" } }, "any recipient"],
  [
    "StringLike SAML:aud with the wildcard in the host: signin.aws.amazon.com.evil.example matches",
    { StringLike: { "SAML:aud": "https://signin.aws.amazon.com*" } },
    "any recipient",
  ],
  [
    "StringEqualsIfExists SAML:aud: the Recipient is always present, so it pins it",
    { StringEqualsIfExists: { "SAML:aud": SIGN_IN } },
    "AWS only",
  ],
  [
    "StringNotEquals SAML:aud one bad recipient: every other recipient passes",
    { StringNotEquals: { "SAML:aud": "https://evil.example/acs" } },
    "any recipient",
  ],
  [
    "StringNotLike SAML:aud the AWS endpoints: everything but AWS passes",
    { StringNotLike: { "SAML:aud": "https://*.signin.aws.amazon.com/*" } },
    "any recipient",
  ],
  [
    'Null SAML:aud "false": present in every response, so no restriction',
    { Null: { "SAML:aud": "false" } },
    "any recipient",
  ],
  ['Null SAML:aud "true": never absent, so nobody gets in', { Null: { "SAML:aud": "true" } }, "AWS only"],
  [
    "ForAnyValue:StringEquals SAML:aud sign-in",
    { "ForAnyValue:StringEquals": { "SAML:aud": SIGN_IN } },
    "AWS only",
  ],
  [
    "ForAllValues:StringEquals SAML:aud sign-in: the key is present, its one value must match",
    { "ForAllValues:StringEquals": { "SAML:aud": SIGN_IN } },
    "AWS only",
  ],
  [
    "conditions on who the user is (saml:sub, saml:iss) do not say where the assertion went",
    { StringEquals: { "SAML:sub": "alice@example.com", "SAML:iss": "http://www.okta.com/exk1" } },
    "any recipient",
  ],
  [
    "StringEqualsIfExists aws:PrincipalArn: absent from an unsigned AssumeRoleWithSAML, so it passes",
    { StringEqualsIfExists: { "aws:PrincipalArn": "arn:aws:iam::111122223333:role/x" } },
    "any recipient",
  ],
  [
    "a source IP range and no SAML:aud: decided by where the call comes from",
    { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } },
    "any recipient unless the network stops it",
  ],
];

describe("trust-saml-no-audience: the trust evaluated for an assertion addressed to another recipient", () => {
  for (const [name, condition, expected] of CASES) {
    test(name, () => assert.equal(verdict(samlTrust(condition)), expected));
  }

  test("a Deny on every other recipient closes a bare Allow", () => {
    const deny = {
      Effect: "Deny",
      Principal: { Federated: PROVIDER },
      Action: "sts:AssumeRoleWithSAML",
      Condition: { StringNotEquals: { "SAML:aud": SIGN_IN } },
    };
    assert.equal(verdict(samlTrust(undefined, [deny])), "AWS only");
  });

  test("an Allow of sts:AssumeRole only does not let a SAML caller in", () => {
    const doc = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Federated: PROVIDER }, Action: "sts:AssumeRole" }],
    };
    assert.equal(verdict(doc), "AWS only");
  });

  test("the finding names the provider and the statement, and no other trust kind fires", () => {
    const findings = trustFindings(samlTrust({ StringEquals: { "SAML:sub": "alice" } }));
    assert.deepEqual(
      findings.map((f) => f.kind),
      ["trust-saml-no-audience"],
    );
    const [f] = findings;
    assert.equal(f!.statementIndex, 0);
    assert.equal(f!.evidence.provider, PROVIDER);
    assert.deepEqual(f!.evidence.callers, [
      {
        caller: "a SAML assertion of Okta addressed to a recipient other than AWS sign-in",
        certainty: "yes",
        statements: [0],
        provider: PROVIDER,
      },
    ]);
  });
});
