import assert from "node:assert/strict";
import { test } from "node:test";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { holderDecision } from "../../helpers/holder-decision.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// KMS's guide tells applications to name their key by alias so that a manual rotation only
// retargets the alias: "Use an alias to refer to a KMS key in your applications. Then, when you want
// to change the KMS key that the application uses, instead of editing your application code, change
// the target KMS key of the alias."
// https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys-manually.html
// The record lists the key the alias pointed to that day; IAM authorizes the call on the key.
const KEYS = `arn:aws:kms:us-east-1:${ACCOUNT}:key`;
const TODAY = `${KEYS}/1234abcd-12ab-34cd-56ef-1234567890ab`;
const NEXT = `${KEYS}/0987dcba-09ab-87cd-65ef-0987654321ba`;

const kmsCall = (arn: string, eventName: string, keyId: string) =>
  eventItem({
    eventSource: "kms.amazonaws.com",
    eventName,
    recipientAccountId: ACCOUNT,
    userIdentity: roleSession(arn, "app"),
    requestParameters: { keyId, keySpec: "AES_256" },
    resources: [{ ARN: TODAY, accountId: ACCOUNT, type: "AWS::KMS::Key" }],
  });

const recommended = async (keyId: string) => {
  const app = role("app", {
    ...ownPolicy([
      { Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Encrypt"], Resource: `${KEYS}/*` },
    ]),
  });
  const report = await auditOf(snapshotWith({ roles: [app] }), [kmsCall(app.arn, "GenerateDataKey", keyId)]);
  const rec = report.recommendations.find((r) => r.principalArn === app.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  return rec!.policies.map((p) => p.document);
};

const decide = (documents: unknown[], resource: string) =>
  holderDecision(documents, { action: "kms:GenerateDataKey", resource });

test("a key named by alias keeps the data-key call on the key the alias is moved to", async () => {
  for (const keyId of ["alias/app", `arn:aws:kms:us-east-1:${ACCOUNT}:alias/app`]) {
    const documents = await recommended(keyId);
    assert.equal(decide(documents, TODAY), "Allow", "today's key");
    assert.equal(
      decide(documents, NEXT),
      "Allow",
      `the call after the alias is moved is refused (${keyId}): ${JSON.stringify(documents)}`,
    );
    assert.equal(
      decide(documents, `arn:aws:kms:us-east-1:444455556666:key/x`),
      "ImplicitDeny",
      "no more than today",
    );
  }
});

test("a key named by its id or ARN is still narrowed to that key", async () => {
  for (const keyId of ["1234abcd-12ab-34cd-56ef-1234567890ab", TODAY]) {
    const documents = await recommended(keyId);
    assert.equal(decide(documents, TODAY), "Allow", "the key named");
    assert.equal(decide(documents, NEXT), "ImplicitDeny", `another key (${keyId})`);
  }
});
