import assert from "node:assert/strict";
import { test } from "node:test";
import { isDenied } from "../../../core/engine/activity/aggregate.js";
import { auditWith, eventItem } from "../../helpers/audit-fixture.js";
import { ACCOUNT, credentials, ownPolicy, snapshotWith, user } from "../../helpers/snapshot-fixture.js";

// A request signed with a key's id but not its secret is refused before authorization: the query
// services say SignatureDoesNotMatch or IncompleteSignature, the JSON-protocol ones (DynamoDB, KMS,
// Lambda, CloudWatch Logs...) InvalidSignatureException, or UnrecognizedClientException ("the most
// likely cause is an access key ID or secret key that's not valid"). A key id is no secret: such a
// record shows someone who knows it, never the key at work.
// https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html
// https://docs.aws.amazon.com/botocore/latest/reference/services/logs/client/exceptions/UnrecognizedClientException.html
const KEY = "AKIAOLDKEY0000000000";
const old = user("old", {
  ...ownPolicy([{ Effect: "Allow", Action: "dynamodb:ListTables", Resource: "*" }]),
});
const snapshot = snapshotWith({
  users: [old],
  credentials: {
    [old.arn]: credentials("old", {
      accessKeys: [
        {
          id: KEY,
          slot: 1,
          status: "Active",
          created: "2024-01-01T00:00:00Z",
          lastUsed: "2025-06-01T00:00:00Z",
        },
      ],
    }),
  },
});

for (const errorCode of [
  "SignatureDoesNotMatch",
  "InvalidSignatureException",
  "UnrecognizedClientException",
]) {
  test(`a key whose only calls in the window failed with ${errorCode} is still unused`, async () => {
    const refused = eventItem({
      eventSource: "dynamodb.amazonaws.com",
      eventName: "ListTables",
      recipientAccountId: ACCOUNT,
      errorCode,
      userIdentity: { type: "IAMUser", arn: old.arn, accountId: ACCOUNT, userName: "old", accessKeyId: KEY },
    });
    const report = await auditWith(snapshot, [refused], {});
    const unused = report.findings.filter(
      (f) => f.kind === "unused-access-key" && f.principalArn === old.arn,
    );
    assert.equal(unused.length, 1, JSON.stringify(report.findings.map((f) => f.kind)));
  });
}

test("the JSON-protocol services' signature refusals count as refused calls, as SignatureDoesNotMatch does", () => {
  for (const code of ["InvalidSignatureException", "UnrecognizedClientException"])
    assert.equal(isDenied(code), true, code);
});
