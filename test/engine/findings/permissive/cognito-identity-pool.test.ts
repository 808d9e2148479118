import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { ACCOUNT, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, pathIds, policyArn, run } from "./fixture.js";

// UpdateIdentityPool sets whether a pool lets in unauthenticated identities, its login providers
// and whether the basic flow is enabled; GetId and GetOpenIdToken, which take no AWS credentials,
// then give the caller a token naming the pool in `aud` (`amr`: authenticated or unauthenticated),
// good for AssumeRoleWithWebIdentity into a role trusting the pool. The snapshot holds no identity
// pool: whether the pool the trust names is the account's own is unknown.
// https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_UpdateIdentityPool.html
// https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flow.html
const POOL_ID = "us-east-1:0de2af35-2988-4d0b-b22d-000000000001";
const POOL = `arn:aws:cognito-identity:us-east-1:${ACCOUNT}:identitypool/${POOL_ID}`;

function escalation(grantedOn: string, aud: string | undefined) {
  const appAdmin = role("app-admin", {
    trustPolicy: {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Federated: "cognito-identity.amazonaws.com" },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            ...(aud ? { StringEquals: { "cognito-identity.amazonaws.com:aud": aud } } : {}),
            "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" },
          },
        },
      ],
    },
    attachedPolicyArns: [policyArn("admin")],
  });
  const dev = user("dev", { attachedPolicyArns: [policyArn("dev")] });
  const snapshot = snapshotWith({
    users: [dev],
    roles: [appAdmin],
    managedPolicies: {
      ...managed("admin", doc({ Effect: "Allow", Action: "*", Resource: "*" })),
      ...managed(
        "dev",
        doc({ Effect: "Allow", Action: "cognito-identity:UpdateIdentityPool", Resource: grantedOn }),
      ),
    },
  });
  const found = findingsOf(run(snapshot), "privilege-escalation", dev.arn);
  return {
    paths: found.flatMap(pathIds),
    certainties: found.flatMap((f) => (f.evidence.paths as { certainty: string }[]).map((p) => p.certainty)),
  };
}

test("updating the identity pool an administrator role trusts is a conditional privilege escalation", () => {
  assert.deepEqual(escalation(POOL, POOL_ID), {
    paths: ["whittle-cognito-identity-pool-update"],
    certainties: ["maybe"],
  });
});

test("another identity pool gives nothing", () => {
  const other = `arn:aws:cognito-identity:us-east-1:${ACCOUNT}:identitypool/us-east-1:other`;
  assert.deepEqual(escalation(other, POOL_ID).paths, []);
});

test("a trust naming no pool is left to the trust findings", () => {
  assert.deepEqual(escalation("*", undefined).paths, []);
});
