import assert from "node:assert/strict";
import { test } from "node:test";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { holderDecision } from "../../helpers/holder-decision.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// An application names its key by alias so that a manual rotation only moves the alias to a new
// key; it decrypts with the KeyId omitted: "AWS KMS automatically uses the KMS key that encrypted
// the ciphertext". After the rotation it decrypts what it encrypted under the new key.
// https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys-manually.html
// Decrypt's record names no alias, only the key that encrypted the ciphertext, among its resources.
const KEYS = `arn:aws:kms:us-east-1:${ACCOUNT}:key`;
const TODAY = `${KEYS}/1234abcd-12ab-34cd-56ef-1234567890ab`;
const NEXT = `${KEYS}/0987dcba-09ab-87cd-65ef-0987654321ba`;

const kmsCall = (arn: string, eventName: string, requestParameters: Record<string, unknown>) =>
  eventItem({
    eventSource: "kms.amazonaws.com",
    eventName,
    recipientAccountId: ACCOUNT,
    userIdentity: roleSession(arn, "app"),
    requestParameters,
    resources: [{ ARN: TODAY, accountId: ACCOUNT, type: "AWS::KMS::Key" }],
  });

const generateByAlias = (arn: string) =>
  kmsCall(arn, "GenerateDataKey", { keyId: "alias/app", keySpec: "AES_256" });
const decrypt = (arn: string) => kmsCall(arn, "Decrypt", { encryptionAlgorithm: "SYMMETRIC_DEFAULT" });

async function decryptDecisions(calls: (arn: string) => ReturnType<typeof kmsCall>[]) {
  const app = role("app", {
    ...ownPolicy([
      { Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: `${KEYS}/*` },
    ]),
  });
  const report = await auditOf(snapshotWith({ roles: [app] }), calls(app.arn));
  const rec = report.recommendations.find((r) => r.principalArn === app.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  const documents = rec!.policies.map((p) => p.document);
  const decide = (resource: string) => holderDecision(documents, { action: "kms:Decrypt", resource });
  return {
    text: JSON.stringify(documents),
    today: decide(TODAY),
    next: decide(NEXT),
    elsewhere: decide("arn:aws:kms:us-east-1:444455556666:key/x"),
  };
}

test("a principal encrypting under an alias may decrypt under the key the alias is moved to", async () => {
  const seen = await decryptDecisions((arn) => [generateByAlias(arn), decrypt(arn)]);
  assert.equal(seen.today, "Allow", seen.text);
  assert.equal(seen.next, "Allow", `the Decrypt after the alias is moved is refused: ${seen.text}`);
  assert.equal(seen.elsewhere, "ImplicitDeny", "no more than today");
});

test("a principal naming no alias keeps Decrypt on the key it decrypted under", async () => {
  const seen = await decryptDecisions((arn) => [
    kmsCall(arn, "GenerateDataKey", { keyId: TODAY, keySpec: "AES_256" }),
    decrypt(arn),
  ]);
  assert.equal(seen.today, "Allow", seen.text);
  assert.equal(seen.next, "ImplicitDeny", seen.text);
});
