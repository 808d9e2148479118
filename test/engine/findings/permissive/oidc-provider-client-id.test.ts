import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { ACCOUNT, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, pathIds, policyArn, run } from "./fixture.js";

// AddClientIDToOpenIDConnectProvider "adds a new client ID (also known as audience) to the list of
// client IDs already registered for the specified IAM OpenID Connect (OIDC) provider": STS then
// accepts tokens issued to that client. A caller with a client of its own at the IdP (anyone has
// OAuth clients at Google) gets tokens the role's trust admits when its conditions pin neither the
// audience nor the subject to values only others get.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddClientIDToOpenIDConnectProvider.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html
const GOOGLE = `arn:aws:iam::${ACCOUNT}:oidc-provider/accounts.google.com`;
const CORP = `arn:aws:iam::${ACCOUNT}:oidc-provider/idp.example.com`;

function escalation(provider: string, grantedOn: string, condition?: object) {
  const federatedAdmin = role("federated-admin", {
    trustPolicy: {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Federated: provider },
          Action: "sts:AssumeRoleWithWebIdentity",
          ...(condition ? { Condition: condition } : {}),
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
      ...managed(
        "dev",
        doc({ Effect: "Allow", Action: "iam:AddClientIDToOpenIDConnectProvider", Resource: grantedOn }),
      ),
    },
  });
  const found = findingsOf(run(snapshot), "privilege-escalation", dev.arn);
  return {
    paths: found.flatMap(pathIds),
    certainties: found.flatMap((f) => (f.evidence.paths as { certainty: string }[]).map((p) => p.certainty)),
  };
}

test("adding a client of one's own to a Google provider an administrator role trusts is a privilege escalation", () => {
  assert.deepEqual(escalation(GOOGLE, GOOGLE), {
    paths: ["whittle-oidc-provider-client-id"],
    certainties: ["yes"],
  });
});

test("a trust pinning the audience to the account's own client gives nothing", () => {
  const pinned = { StringEquals: { "accounts.google.com:aud": "123-app.apps.googleusercontent.com" } };
  assert.deepEqual(escalation(GOOGLE, GOOGLE, pinned).paths, []);
});

test("a trust also kept to a network is reached only conditionally", () => {
  const network = { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } };
  assert.deepEqual(escalation(GOOGLE, GOOGLE, network).certainties, ["maybe"]);
});

test("a provider whose tokens the caller may have no way to get is reached only conditionally", () => {
  assert.deepEqual(escalation(CORP, CORP).certainties, ["maybe"]);
});

test("another provider's client list gives nothing", () => {
  assert.deepEqual(escalation(GOOGLE, `arn:aws:iam::${ACCOUNT}:oidc-provider/other.example.com`).paths, []);
});
