import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { ACCOUNT } from "../../../helpers/snapshot-fixture.js";
import { trustFindings } from "../../../helpers/trust-fixture.js";

/**
 * `"Principal": "*"` names all principals, anonymous callers included
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous):
 * under an Allow of sts:AssumeRoleWithSAML it lets in an assertion of any SAML provider STS accepts
 * for the role. AssumeRoleWithSAML names that provider by ARN (PrincipalArn); AWS does not document
 * whether it must be one of the role's account, so an outsider's own provider may be accepted: the
 * trust is conditionally open, and closed only where its conditions keep out both that provider
 * and an assertion of the account's own addressed to a recipient other than AWS sign-in.
 */
const SIGN_IN = "https://signin.aws.amazon.com/saml";
const anyoneWith = (principal: unknown, condition?: object) =>
  doc({
    Effect: "Allow",
    Principal: principal,
    Action: "sts:AssumeRoleWithSAML",
    ...(condition ? { Condition: condition } : {}),
  });
/** The certainty of each caller trust-saml-no-audience reports, or none when the trust is closed. */
const certainties = (trustPolicy: unknown) =>
  trustFindings(trustPolicy)
    .filter((f) => f.kind === "trust-saml-no-audience")
    .flatMap((f) => (f.evidence.callers as { certainty: string }[]).map((c) => c.certainty));

test("Principal * allowed sts:AssumeRoleWithSAML is conditionally open to any SAML provider", () => {
  assert.deepEqual(certainties(anyoneWith("*")), ["maybe"]);
});

test('"AWS": "*" allowed sts:AssumeRoleWithSAML is conditionally open too', () => {
  assert.deepEqual(certainties(anyoneWith({ AWS: "*" })), ["maybe"]);
});

test('"Federated": "*" allowed sts:AssumeRoleWithSAML is conditionally open too', () => {
  assert.deepEqual(certainties(anyoneWith({ Federated: "*" })), ["maybe"]);
});

test("Principal * with saml:aud pinned to AWS sign-in stays conditionally open: another account's provider addresses its assertions to AWS", () => {
  assert.deepEqual(certainties(anyoneWith("*", { StringEquals: { "SAML:aud": SIGN_IN } })), ["maybe"]);
});

test("Principal * pinned to the account's own provider but not to AWS sign-in lets in that provider's assertions addressed elsewhere", () => {
  assert.deepEqual(certainties(anyoneWith("*", { StringEquals: { "saml:doc": `${ACCOUNT}/Okta` } })), [
    "maybe",
  ]);
});

test("Principal * pinned to the account's own provider and to AWS sign-in lets no outsider in", () => {
  assert.deepEqual(
    certainties(anyoneWith("*", { StringEquals: { "saml:doc": `${ACCOUNT}/Okta`, "SAML:aud": SIGN_IN } })),
    [],
  );
});

test("Principal * allowed only sts:AssumeRole lets no SAML assertion in", () => {
  assert.deepEqual(certainties(doc({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" })), []);
});

/** The severity of each trust-saml-no-audience finding. */
const severities = (trustPolicy: unknown) =>
  trustFindings(trustPolicy)
    .filter((f) => f.kind === "trust-saml-no-audience")
    .map((f) => f.severity);

test("a trust an outsider's own SAML provider may open is graded as a conditionally open trust, not as an unchecked recipient", () => {
  assert.deepEqual(severities(anyoneWith("*")), ["high"]);
  assert.deepEqual(severities(anyoneWith({ AWS: "*" }, { StringEquals: { "SAML:aud": SIGN_IN } })), ["high"]);
});

test("a trust only the account's own provider may open, addressed elsewhere, keeps the unchecked recipient's grade", () => {
  assert.deepEqual(severities(anyoneWith("*", { StringEquals: { "saml:doc": `${ACCOUNT}/Okta` } })), [
    "info",
  ]);
});
