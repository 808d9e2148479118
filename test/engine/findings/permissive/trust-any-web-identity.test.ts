import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { trustFindings } from "../../../helpers/trust-fixture.js";

/**
 * `"Principal": "*"` names all principals, anonymous callers included
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous):
 * under an Allow of sts:AssumeRoleWithWebIdentity it lets in a token of any provider STS trusts,
 * Google's and Amazon Cognito's (which need no identity provider in the account) and whatever
 * provider its conditions name, as `"Federated"` naming that provider would.
 */
const anyoneWith = (condition?: object) =>
  doc({
    Effect: "Allow",
    Principal: "*",
    Action: "sts:AssumeRoleWithWebIdentity",
    ...(condition ? { Condition: condition } : {}),
  });
const hosts = (trustPolicy: unknown) =>
  trustFindings(trustPolicy)
    .filter((f) => f.kind === "trust-oidc-no-subject")
    .map((f) => f.evidence.provider);

const GH = "token.actions.githubusercontent.com";

test("Principal * allowed sts:AssumeRoleWithWebIdentity lets in anyone with a Google token", () => {
  assert.ok(hosts(anyoneWith()).includes("accounts.google.com"));
});

test("Principal * with a subject condition every repository meets lets every GitHub repository in", () => {
  assert.deepEqual(hosts(anyoneWith({ StringLike: { [`${GH}:sub`]: "repo:*" } })), [GH]);
});

test("Principal * narrowed to one repository, one Google client or one identity pool lets no outsider in", () => {
  assert.deepEqual(
    hosts(anyoneWith({ StringEquals: { [`${GH}:sub`]: "repo:acme/app:ref:refs/heads/main" } })),
    [],
  );
  assert.deepEqual(
    hosts(anyoneWith({ StringEquals: { "accounts.google.com:aud": "app.apps.googleusercontent.com" } })),
    [],
  );
  assert.deepEqual(
    hosts(anyoneWith({ StringEquals: { "cognito-identity.amazonaws.com:aud": "us-east-1:pool" } })),
    [],
  );
});

test("a provider the policy also names by ARN is reported once", () => {
  const policy = doc(
    {
      Effect: "Allow",
      Principal: { Federated: `arn:aws:iam::111122223333:oidc-provider/${GH}` },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: { StringLike: { [`${GH}:sub`]: "repo:*" } },
    },
    {
      Effect: "Allow",
      Principal: "*",
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: { StringLike: { [`${GH}:sub`]: "repo:*" } },
    },
  );
  assert.deepEqual(hosts(policy), [GH]);
});

test("Principal * allowed only sts:AssumeRole lets no web identity in", () => {
  assert.deepEqual(hosts(doc({ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" })), []);
});

test('"AWS": "*" allowed sts:AssumeRoleWithWebIdentity may let in anyone with a Google token: the trust is conditional', () => {
  // AWS documents `{"AWS": "*"}` as `"*"` for anonymous callers, not for web identities: undecided.
  const policy = doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRoleWithWebIdentity" });
  const google = trustFindings(policy).find(
    (f) => f.kind === "trust-oidc-no-subject" && f.evidence.provider === "accounts.google.com",
  );
  assert.deepEqual(
    (google?.evidence.callers as { certainty: string }[] | undefined)?.map((c) => c.certainty),
    ["maybe"],
  );
});
