import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { ACCOUNT, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, pathIds, policyArn, run } from "./fixture.js";

// A SAML provider's metadata document "includes the issuer's name, expiration information, and keys
// that can be used to validate the SAML authentication response (assertions)", and
// UpdateSAMLProvider replaces it. With the metadata of an IdP of the caller's own, the assertions it
// signs are good for AssumeRoleWithSAML, which takes no AWS credentials, into any role trusting the
// provider: the assertion's attributes (saml:aud, saml:sub, ...) are the caller's to write.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateSAMLProvider.html
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html
const PROVIDER = `arn:aws:iam::${ACCOUNT}:saml-provider/corp-idp`;

function escalation(providerArn: string, condition: object) {
  const federatedAdmin = role("federated-admin", {
    trustPolicy: {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Federated: PROVIDER },
          Action: "sts:AssumeRoleWithSAML",
          Condition: condition,
        },
      ],
    },
    attachedPolicyArns: [policyArn("admin")],
  });
  const dev = user("dev", { attachedPolicyArns: [policyArn("dev")] });
  const snapshot = snapshotWith({
    users: [dev],
    roles: [federatedAdmin],
    managedPolicies: {
      ...managed("admin", doc({ Effect: "Allow", Action: "*", Resource: "*" })),
      ...managed("dev", doc({ Effect: "Allow", Action: "iam:UpdateSAMLProvider", Resource: providerArn })),
    },
  });
  const found = findingsOf(run(snapshot), "privilege-escalation", dev.arn);
  return {
    paths: found.flatMap(pathIds),
    certainties: found.flatMap((f) => (f.evidence.paths as { certainty: string }[]).map((p) => p.certainty)),
  };
}

const SIGN_IN = { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } };

test("rewriting the metadata of a SAML provider an administrator role trusts is a privilege escalation", () => {
  assert.deepEqual(escalation(PROVIDER, SIGN_IN), {
    paths: ["whittle-saml-provider-metadata"],
    certainties: ["yes"],
  });
});

test("a trust also kept to a network is reached only conditionally", () => {
  const network = { ...SIGN_IN, IpAddress: { "aws:SourceIp": "203.0.113.0/24" } };
  assert.deepEqual(escalation(PROVIDER, network).certainties, ["maybe"]);
});

test("another provider's metadata gives nothing", () => {
  assert.deepEqual(escalation(`arn:aws:iam::${ACCOUNT}:saml-provider/other`, SIGN_IN).paths, []);
});
