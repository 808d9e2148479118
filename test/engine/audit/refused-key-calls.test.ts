import assert from "node:assert/strict";
import { test } from "node:test";
import { isDenied, isUnauthenticated } from "../../../core/engine/activity/aggregate.js";
import { AUDIT_NOW, auditWith, eventItem } from "../../helpers/audit-fixture.js";
import { ACCOUNT, credentials, ownPolicy, snapshotWith, user } from "../../helpers/snapshot-fixture.js";

/**
 * The unused-access-key findings of an audit whose only record of user `name`'s key is one call of
 * `action` (`service:Name`) refused with `errorCode`.
 */
async function unusedKeyFindings(name: string, action: string, errorCode: string): Promise<number> {
  const key = `AKIA${name.toUpperCase().padEnd(16, "0")}`;
  const [service, eventName] = action.split(":") as [string, string];
  const holder = user(name, { ...ownPolicy([{ Effect: "Allow", Action: action, Resource: "*" }]) });
  // Collected at the audit time: the report's last use speaks up to it.
  const snapshot = snapshotWith({
    collectedAt: AUDIT_NOW.toISOString(),
    users: [holder],
    credentials: {
      [holder.arn]: credentials(name, {
        accessKeys: [
          {
            id: key,
            slot: 1,
            status: "Active",
            created: "2024-01-01T00:00:00Z",
            lastUsed: "2025-06-01T00:00:00Z",
          },
        ],
      }),
    },
  });
  const refused = eventItem({
    eventSource: `${service}.amazonaws.com`,
    eventName,
    recipientAccountId: ACCOUNT,
    errorCode,
    userIdentity: { type: "IAMUser", arn: holder.arn, accountId: ACCOUNT, userName: name, accessKeyId: key },
  });
  const report = await auditWith(snapshot, [refused], {});
  return report.findings.filter((f) => f.kind === "unused-access-key" && f.principalArn === holder.arn)
    .length;
}

// A request signed with a key's id but not its secret is refused before authorization: the query
// services say SignatureDoesNotMatch or IncompleteSignature, the JSON-protocol ones (DynamoDB, KMS,
// Lambda, CloudWatch Logs...) InvalidSignatureException, or UnrecognizedClientException ("the most
// likely cause is an access key ID or secret key that's not valid"). A key id is no secret: such a
// record shows someone who knows it, never the key at work.
// https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html
// https://docs.aws.amazon.com/botocore/latest/reference/services/logs/client/exceptions/UnrecognizedClientException.html
for (const errorCode of [
  "SignatureDoesNotMatch",
  "InvalidSignatureException",
  "UnrecognizedClientException",
]) {
  test(`a key whose only calls in the window failed with ${errorCode} is still unused`, async () => {
    assert.equal(await unusedKeyFindings("old", "dynamodb:ListTables", errorCode), 1);
  });
}

test("the JSON-protocol services' signature refusals count as refused calls, as SignatureDoesNotMatch does", () => {
  for (const code of ["InvalidSignatureException", "UnrecognizedClientException"])
    assert.equal(isDenied(code), true, code);
});

// EC2's AuthFailure family is returned once the caller is known, for what it may not do: "You may not
// be authorized to carry out the request; for example, associating an Elastic IP address that is not
// yours", and AuthFailure.ServiceLinkedRoleCreationNotPermitted ("the provided credentials do not
// have permission to create the service-linked role"). Such a record is the key at work.
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html
for (const errorCode of ["AccessDenied", "AuthFailure.ServiceLinkedRoleCreationNotPermitted"]) {
  test(`a key whose calls were refused with ${errorCode}, after authentication, is not unused`, async () => {
    assert.equal(await unusedKeyFindings("ops", "ec2:RunInstances", errorCode), 0);
  });
}

test("EC2's authorization refusals under AuthFailure are not unauthenticated", () => {
  assert.equal(isUnauthenticated("AuthFailure.ServiceLinkedRoleCreationNotPermitted"), false);
});
