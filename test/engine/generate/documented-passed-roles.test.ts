import assert from "node:assert/strict";
import { test } from "node:test";
import type { ActivityItem } from "../../../core/engine/activity/types.js";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { holderDecision } from "../../helpers/holder-decision.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// A nightly job: it exports last night's RDS snapshot to S3, refreshes a DMS endpoint whose
// credentials Secrets Manager holds, and a Transfer Family server's logging. The Service
// Authorization Reference lists iam:PassRole as a dependent action of rds:StartExportTask,
// dms:ModifyEndpoint and transfer:UpdateServer, each for the role it names: `IamRoleArn`
// (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_StartExportTask.html),
// `SecretsManagerAccessRoleArn` (https://docs.aws.amazon.com/dms/latest/APIReference/API_MySQLSettings.html),
// `LoggingRole` (https://docs.aws.amazon.com/transfer/latest/APIReference/API_UpdateServer.html).
// With unobservable actions dropped, iam:PassRole is kept on the roles the calls were seen passing.
const passed = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const EXPORT = passed("rds-s3-export");
const SECRETS = passed("dms-secrets-access");
const LOGGING = passed("transfer-logging");

const nightly = role("nightly", {
  ...ownPolicy([
    {
      Effect: "Allow",
      Action: ["rds:StartExportTask", "dms:ModifyEndpoint", "transfer:UpdateServer"],
      Resource: "*",
    },
    { Effect: "Allow", Action: "iam:PassRole", Resource: [EXPORT, SECRETS, LOGGING, passed("other")] },
  ]),
});

const call = (source: string, eventName: string, requestParameters: object): ActivityItem =>
  eventItem({
    eventSource: `${source}.amazonaws.com`,
    eventName,
    eventCategory: "Management",
    readOnly: false,
    userIdentity: roleSession(nightly.arn, "nightly"),
    requestParameters,
  } as never);

const items = [
  call("rds", "StartExportTask", {
    exportTaskIdentifier: "nightly-2026-05-19",
    sourceArn: `arn:aws:rds:us-east-1:${ACCOUNT}:snapshot:rds:orders-2026-05-19-03-10`,
    s3BucketName: "exports",
    iamRoleArn: EXPORT,
    kmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
  }),
  call("dms", "ModifyEndpoint", {
    endpointArn: `arn:aws:dms:us-east-1:${ACCOUNT}:endpoint:SOURCE`,
    mySQLSettings: {
      secretsManagerAccessRoleArn: SECRETS,
      secretsManagerSecretId: "orders-db",
    },
  }),
  call("transfer", "UpdateServer", { serverId: "s-0123456789abcdef0", loggingRole: LOGGING }),
];

test("a call the Service Authorization Reference says passes a role keeps iam:PassRole on the role it names", async () => {
  const report = await auditOf(snapshotWith({ roles: [nightly] }), items, {
    generate: { unobservable: "drop" },
  });
  const rec = report.recommendations.find((r) => r.principalArn === nightly.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  const documents = rec!.policies.map((p) => p.document);
  const text = JSON.stringify(documents);
  for (const r of [EXPORT, SECRETS, LOGGING])
    assert.equal(
      holderDecision(documents, { action: "iam:PassRole", resource: r }),
      "Allow",
      `${r}: ${text}`,
    );
  assert.equal(
    holderDecision(documents, { action: "iam:PassRole", resource: passed("other") }),
    "ImplicitDeny",
    text,
  );
});
