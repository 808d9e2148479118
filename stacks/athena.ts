import type { Stack } from "aws-cdk-lib";
import { CfnWorkGroup } from "aws-cdk-lib/aws-athena";
import { cloudTrailTable, PARTITIONS } from "./cloudtrail-table.js";
import type { DeploymentSettings } from "./settings.js";
import { TRAIL_REGIONS } from "./trail-regions.js";

/** What the functions and the state machine need to know of the Athena source. */
export interface AthenaActivity {
  workGroup: string;
  workGroupArn: string;
  /** `database.table` the query reads. */
  table: string;
  database: string;
  /** Partition columns of the table the stack created; an existing table's date column, if named. */
  datePartition?: string;
  accountPartition?: string;
  /** The regions the created table projects (absent for an existing table: unknown here). */
  regions?: readonly string[];
  /** Where results land: `athena/` in the reports bucket, expired with the work data. */
  resultsPrefix: string;
  /** The Glue catalog, database and table the query reads. */
  glueArns: string[];
}

/**
 * The Athena source: a workgroup that enforces its own result location in Whittle's bucket, with
 * results encrypted (the reports key when one is configured, else SSE-S3), and the CloudTrail
 * table, created with partition projection over the trail bucket unless an existing one is named.
 */
export function athenaActivity(
  stack: Stack,
  settings: DeploymentSettings,
  own: { bucketName: string; kmsKeyArn?: string },
): AthenaActivity {
  const glueName = stack.stackName.toLowerCase().replace(/[^a-z0-9]+/g, "_");
  const regions = settings.trailRegions ?? TRAIL_REGIONS[stack.partition] ?? TRAIL_REGIONS.aws ?? [];
  const created = settings.athenaTable
    ? undefined
    : cloudTrailTable(stack, {
        bucket: settings.trailBucket ?? "",
        ...(settings.trailPrefix ? { prefix: settings.trailPrefix } : {}),
        ...(settings.trailOrganizationId ? { organizationId: settings.trailOrganizationId } : {}),
        regions,
        database: `${glueName}_activity`,
        table: "cloudtrail",
      });
  const [database, tableName] = (settings.athenaTable ?? `${created?.database}.${created?.table}`).split(".");
  const resultsPrefix = "athena/";
  const workGroup = new CfnWorkGroup(stack, "ActivityWorkGroup", {
    name: `${stack.stackName}-activity`,
    description: "Whittle's activity aggregation queries",
    state: "ENABLED",
    recursiveDeleteOption: true,
    workGroupConfiguration: {
      enforceWorkGroupConfiguration: true,
      publishCloudWatchMetricsEnabled: true,
      resultConfiguration: {
        outputLocation: `s3://${own.bucketName}/${resultsPrefix}`,
        expectedBucketOwner: stack.account,
        encryptionConfiguration: own.kmsKeyArn
          ? { encryptionOption: "SSE_KMS", kmsKey: own.kmsKeyArn }
          : { encryptionOption: "SSE_S3" },
      },
    },
  });
  return {
    workGroup: workGroup.ref,
    workGroupArn: stack.formatArn({ service: "athena", resource: "workgroup", resourceName: workGroup.ref }),
    table: `${database}.${tableName}`,
    database: database ?? "",
    ...(created
      ? { datePartition: PARTITIONS.day, accountPartition: PARTITIONS.account, regions }
      : settings.athenaDatePartition
        ? { datePartition: settings.athenaDatePartition }
        : {}),
    resultsPrefix,
    glueArns: [
      stack.formatArn({ service: "glue", resource: "catalog" }),
      stack.formatArn({ service: "glue", resource: "database", resourceName: database }),
      stack.formatArn({ service: "glue", resource: "table", resourceName: `${database}/${tableName}` }),
    ],
  };
}
