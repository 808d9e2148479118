import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { type AwsConnection, clientConfig } from "../../core/aws/clients.js";
import { callerArn } from "../../core/aws/plan-caller.js";
import type { Remediation } from "../../core/aws/plan-remediation.js";
import { S3BackupStore } from "../../core/aws/s3-backup-store.js";
import { DynamoChangeStore } from "../../core/aws/stores/index.js";
import { type FunctionConfig, loadConfig } from "../config.js";
import { createRuntime, type RuntimeOverrides } from "../runtime.js";

/** Change backups sit beside the reports, under their own prefix, one folder per account. */
export const BACKUP_PREFIX = "changes";

/** The remediation function's runtime: its own (IAM-writing) clients, the stores, the backups. */
export function createRemediation(
  config: FunctionConfig,
  connection: AwsConnection = {},
  overrides: RuntimeOverrides = {},
): Remediation {
  const base = createRuntime(config, connection, overrides);
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig(connection, "standard")), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return {
    iam: base.clients.iam,
    runs: base.findings,
    reports: base.reports,
    changes: new DynamoChangeStore({ doc, table: config.table }),
    backups: (accountId) =>
      new S3BackupStore(
        base.clients.s3,
        `s3://${config.bucket}/${BACKUP_PREFIX}/${accountId}`,
        config.reportKmsKeyId,
      ),
    clock: base.clock,
    caller: () => callerArn(base.clients.sts),
  };
}

let cached: Remediation | undefined;

/** The deployed remediation runtime: configuration from the environment, the function's own role. */
export function defaultRemediation(): Remediation {
  cached ??= createRemediation(loadConfig(process.env));
  return cached;
}
