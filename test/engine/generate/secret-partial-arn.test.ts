import assert from "node:assert/strict";
import { test } from "node:test";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { holderDecision } from "../../helpers/holder-decision.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// Secrets Manager takes a secret's partial ARN (its ARN without the six random characters) as
// SecretId, and IAM authorizes the call on the secret's full ARN, `…:secret:db-AbCdEf`.
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html (SecretId:
// "For an ARN, we recommend that you specify a complete ARN rather than a partial ARN")
// ("You can specify a partial ARN too—for example, if you don’t include the final hyphen and six
// random characters that Secrets Manager adds at the end of the ARN")
const SECRETS = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret`;

const decide = (documents: unknown[], resource: string) =>
  holderDecision(documents, { action: "secretsmanager:GetSecretValue", resource });

test("a secret read by its partial ARN keeps the read of the secret's full ARN", async () => {
  const app = role("app", {
    ...ownPolicy([{ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: `${SECRETS}:*` }]),
  });
  const report = await auditOf(snapshotWith({ roles: [app] }), [
    eventItem({
      eventSource: "secretsmanager.amazonaws.com",
      eventName: "GetSecretValue",
      recipientAccountId: ACCOUNT,
      userIdentity: roleSession(app.arn, "app"),
      requestParameters: { secretId: `${SECRETS}:db` },
    }),
  ]);
  const rec = report.recommendations.find((r) => r.principalArn === app.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  const documents = rec!.policies.map((p) => p.document);
  assert.equal(
    decide(documents, `${SECRETS}:db-AbCdEf`),
    "Allow",
    `the next read of the secret is refused: ${JSON.stringify(documents)}`,
  );
});
