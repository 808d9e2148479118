import assert from "node:assert/strict";
import { test } from "node:test";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { holderDecision } from "../../helpers/holder-decision.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// ReEncrypt takes its destination, and its source, by "key ID, key ARN, alias name, or alias ARN";
// KMS authorizes kms:ReEncryptTo on the destination key and kms:ReEncryptFrom on the source key.
// https://docs.aws.amazon.com/kms/latest/APIReference/API_ReEncrypt.html
// A job naming a key by alias follows the alias to the key a manual rotation moves it to.
// https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys-manually.html
const KEYS = `arn:aws:kms:us-east-1:${ACCOUNT}:key`;
const SOURCE = `${KEYS}/1111aaaa-1111-4111-8111-111111111111`;
const DESTINATION = `${KEYS}/2222bbbb-2222-4222-8222-222222222222`;
const NEXT = `${KEYS}/3333cccc-3333-4333-8333-333333333333`;

async function decisions(requestParameters: Record<string, unknown>) {
  const job = role("rewrap", {
    ...ownPolicy([
      { Effect: "Allow", Action: ["kms:ReEncryptFrom", "kms:ReEncryptTo"], Resource: `${KEYS}/*` },
    ]),
  });
  const call = eventItem({
    eventSource: "kms.amazonaws.com",
    eventName: "ReEncrypt",
    awsRegion: "us-east-1",
    recipientAccountId: ACCOUNT,
    userIdentity: roleSession(job.arn, "rewrap"),
    requestParameters: {
      sourceEncryptionAlgorithm: "SYMMETRIC_DEFAULT",
      destinationEncryptionAlgorithm: "SYMMETRIC_DEFAULT",
      ...requestParameters,
    },
    resources: [
      { accountId: ACCOUNT, type: "AWS::KMS::Key", ARN: SOURCE },
      { accountId: ACCOUNT, type: "AWS::KMS::Key", ARN: DESTINATION },
    ],
  });
  const report = await auditOf(snapshotWith({ roles: [job] }), [call]);
  const rec = report.recommendations.find((r) => r.principalArn === job.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  const documents = rec!.policies.map((p) => p.document);
  return {
    text: JSON.stringify(documents),
    decide: (action: string, resource: string) => holderDecision(documents, { action, resource }),
  };
}

test("a ReEncrypt to a destination named by alias may re-encrypt under the key the alias is moved to", async () => {
  for (const destinationKeyId of ["alias/archive", `arn:aws:kms:us-east-1:${ACCOUNT}:alias/archive`]) {
    const { text, decide } = await decisions({ sourceKeyId: SOURCE, destinationKeyId });
    assert.equal(decide("kms:ReEncryptTo", DESTINATION), "Allow", text);
    assert.equal(decide("kms:ReEncryptTo", NEXT), "Allow", `the destination after the alias moves: ${text}`);
    assert.equal(decide("kms:ReEncryptTo", "arn:aws:kms:us-east-1:444455556666:key/x"), "ImplicitDeny");
    // The source, named by its ARN, stays that key.
    assert.equal(decide("kms:ReEncryptFrom", SOURCE), "Allow", text);
    assert.equal(decide("kms:ReEncryptFrom", NEXT), "ImplicitDeny", text);
  }
});

test("a ReEncrypt from a source named by alias may re-encrypt from the key the alias is moved to", async () => {
  const { text, decide } = await decisions({ sourceKeyId: "alias/current", destinationKeyId: DESTINATION });
  assert.equal(decide("kms:ReEncryptFrom", SOURCE), "Allow", text);
  assert.equal(decide("kms:ReEncryptFrom", NEXT), "Allow", `the source after the alias moves: ${text}`);
  assert.equal(decide("kms:ReEncryptTo", DESTINATION), "Allow", text);
  assert.equal(decide("kms:ReEncryptTo", NEXT), "ImplicitDeny", text);
});

test("a ReEncrypt naming both keys by ARN keeps each action on its own key", async () => {
  const { text, decide } = await decisions({ sourceKeyId: SOURCE, destinationKeyId: DESTINATION });
  assert.equal(decide("kms:ReEncryptTo", DESTINATION), "Allow", text);
  assert.equal(decide("kms:ReEncryptTo", NEXT), "ImplicitDeny", text);
  assert.equal(decide("kms:ReEncryptFrom", NEXT), "ImplicitDeny", text);
});
