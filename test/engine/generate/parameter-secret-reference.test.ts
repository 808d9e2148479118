import assert from "node:assert/strict";
import { test } from "node:test";
import type { ActivityItem } from "../../../core/engine/activity/types.js";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { holderDecision } from "../../helpers/holder-decision.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// An application reading its database password from Secrets Manager through Parameter Store, by
// the reserved path /aws/reference/secretsmanager/ (one call by name, one of a batch, one naming a
// version stage). Parameter Store reads the secret with the caller's permissions.
const region = `us-east-1:${ACCOUNT}`;
const secret = (name: string) => `arn:aws:secretsmanager:${region}:secret:${name}-AbCdEf`;
const app = role("app", {
  ...ownPolicy([
    { Effect: "Allow", Action: ["ssm:GetParameter", "ssm:GetParameters"], Resource: "*" },
    {
      Effect: "Allow",
      Action: "secretsmanager:GetSecretValue",
      Resource: `arn:aws:secretsmanager:${region}:secret:*`,
    },
  ]),
});
const readsOnly = role("reads-only", {
  ...ownPolicy([{ Effect: "Allow", Action: ["ssm:GetParameter", "ssm:GetParameters"], Resource: "*" }]),
});
const calls = (arn: string): ActivityItem[] =>
  (
    [
      ["GetParameter", { name: "/aws/reference/secretsmanager/db-password", withDecryption: true }],
      [
        "GetParameters",
        { names: ["/aws/reference/secretsmanager/api-key:AWSCURRENT"], withDecryption: true },
      ],
    ] as const
  ).map(([eventName, requestParameters]) =>
    eventItem({
      eventSource: "ssm.amazonaws.com",
      eventName,
      awsRegion: "us-east-1",
      recipientAccountId: ACCOUNT,
      userIdentity: roleSession(arn, "app"),
      requestParameters,
    } as never),
  );

test("a parameter referencing a Secrets Manager secret keeps secretsmanager:GetSecretValue on that secret where granted today", async () => {
  const report = await auditOf(snapshotWith({ roles: [app, readsOnly] }), [
    ...calls(app.arn),
    ...calls(readsOnly.arn),
  ]);
  const rec = report.recommendations.find((r) => r.principalArn === app.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  const documents = rec!.policies.map((p) => p.document);
  const text = JSON.stringify(documents);
  const decide = (resource: string) =>
    holderDecision(documents, { action: "secretsmanager:GetSecretValue", resource });
  assert.equal(decide(secret("db-password")), "Allow", text);
  assert.equal(decide(secret("api-key")), "Allow", text);
  assert.equal(decide(secret("other")), "ImplicitDeny", text);
  assert.ok(rec!.inferredActions.includes("secretsmanager:GetSecretValue"));
  // Never added: a role without the grant is given none, and nothing is reported missing.
  const bare = report.recommendations.find((r) => r.principalArn === readsOnly.arn);
  assert.deepEqual(bare?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  const bareDocuments = bare!.policies.map((p) => p.document);
  assert.equal(
    holderDecision(bareDocuments, {
      action: "secretsmanager:GetSecretValue",
      resource: secret("db-password"),
    }),
    "ImplicitDeny",
  );
  assert.deepEqual(bare!.notAllowed, []);
});
