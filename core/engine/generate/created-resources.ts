import { wildcardCreatedType } from "../activity/created-listed.js";
import { formatPattern, formatValues } from "../activity/resources.js";
import type { Catalog } from "../catalog/catalog.js";
import type { ActionInfo, ActionResourceType } from "../catalog/types.js";

/**
 * A call that creates the resource it names (`dynamodb:CreateTable`, `lambda:CreateFunction`,
 * `s3:PutObject`, `logs:CreateLogStream`) names a new one next time: a daily job's table, object
 * or stream carries that day's date or a fresh id. Scoped to the names the window saw, the next
 * call is refused, though both proofs pass (they replay the names seen). Such a resource keeps the
 * action on every resource of its type inside its parent (the bucket's objects, the log group's
 * streams; the region and account's tables), never past a current grant: `undefined` when the
 * action does not create the resource `arn` names, or its name holds characters a pattern would
 * read as wildcards.
 */
export function createdContainer(catalog: Catalog, action: ActionInfo, arn: string): string | undefined {
  const created = createdTypes(catalog, action).find((c) => formatPattern(c.type.arnFormat).test(arn));
  if (!created) return undefined;
  const template = containerTemplate(catalog, action.service, created.type.arnFormat, created.from);
  const names = template.match(VARIABLE) ?? [];
  const values = formatValues(created.type.arnFormat, arn, names.length);
  if (!values || values.some((v) => /[*?$]/.test(v))) return undefined;
  let i = 0;
  return `${template.replace(VARIABLE, () => values[i++]!)}*`;
}

const VARIABLE = /\$\{[^}]+\}/g;
const NORMALIZE = /[^a-z0-9]/g;

interface Created {
  type: ActionResourceType;
  /** The format's variable the new name starts at, when not the first past its parent's. */
  from?: string;
}

/**
 * The resource types an action creates: `Create<Type>` or `Put<Type>` of one of its own resource
 * types (CreateTable on `table`, PutObject on `object`), the name IAM's reference gives both, and
 * those CREATED_ALSO lists.
 */
function createdTypes(catalog: Catalog, action: ActionInfo): readonly Created[] {
  const known = createdByAction.get(action);
  if (known) return known;
  if (action.wildcardOnly) {
    // Granted on `*` only; the record lists what it made (created-listed.ts).
    const type = wildcardCreatedType(catalog, action);
    const found = type ? [{ type }] : [];
    createdByAction.set(action, found);
    return found;
  }
  const found: Created[] = [];
  const noun = /^(?:Create|Put)(.+)$/.exec(action.name)?.[1]?.toLowerCase().replace(NORMALIZE, "");
  const named =
    noun && action.resourceTypes.find((t) => t.name.toLowerCase().replace(NORMALIZE, "") === noun);
  const listed = CREATED_ALSO[action.key] ?? [];
  if (named && !listed.some((c) => c.type === named.name)) found.push({ type: named });
  for (const { type, from } of listed) {
    // A type, or a variable, another catalog version no longer spells: no container at all.
    const info = action.resourceTypes.find((t) => t.name === type);
    if (info && !from) found.push({ type: info });
    else if (info?.arnFormat.includes(`\${${from}}`)) found.push({ type: info, from });
  }
  createdByAction.set(action, found);
  return found;
}

const createdByAction = new WeakMap<ActionInfo, readonly Created[]>();

const ALARM = [{ type: "alarm" }];
const DB_INSTANCE = [{ type: "db" }];
const DB_CLUSTER = [{ type: "cluster" }];

/**
 * Calls that create a resource of a type their name does not spell (`db` for a DB instance, `alarm`
 * for a metric alarm, an object reached through an access point), each as its API reference says
 * ("Creates", "Creates or updates", "Registers a new"), with a name the caller chooses.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-policies.html
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_RestoreTableFromBackup.html
 * https://docs.aws.amazon.com/lambda/latest/api/API_PublishLayerVersion.html
 */
const CREATED_ALSO: Readonly<Record<string, readonly { type: string; from?: string }[]>> = {
  "cloudwatch:PutMetricAlarm": ALARM,
  "cloudwatch:PutCompositeAlarm": ALARM,
  "rds:CreateDBInstance": DB_INSTANCE,
  "rds:CreateDBInstanceReadReplica": DB_INSTANCE,
  "rds:RestoreDBInstanceFromDBSnapshot": DB_INSTANCE,
  "rds:RestoreDBInstanceFromS3": DB_INSTANCE,
  "rds:RestoreDBInstanceToPointInTime": DB_INSTANCE,
  "rds:CreateDBCluster": DB_CLUSTER,
  "rds:RestoreDBClusterFromS3": DB_CLUSTER,
  "rds:RestoreDBClusterFromSnapshot": DB_CLUSTER,
  "rds:RestoreDBClusterToPointInTime": DB_CLUSTER,
  "rds:CreateDBSnapshot": [{ type: "snapshot" }],
  "rds:CopyDBSnapshot": [{ type: "snapshot" }],
  "rds:CreateDBClusterSnapshot": [{ type: "cluster-snapshot" }],
  "rds:CopyDBClusterSnapshot": [{ type: "cluster-snapshot" }],
  "rds:CreateDBClusterEndpoint": [{ type: "cluster-endpoint" }],
  "rds:CreateDBParameterGroup": [{ type: "pg" }],
  "rds:CreateDBClusterParameterGroup": [{ type: "cluster-pg" }],
  "rds:CreateDBSubnetGroup": [{ type: "subgrp" }],
  "rds:CreateOptionGroup": [{ type: "og" }],
  "elasticache:CreateCacheCluster": [{ type: "cluster" }],
  "elasticache:CreateCacheParameterGroup": [{ type: "parametergroup" }],
  "elasticache:CreateCacheSubnetGroup": [{ type: "subnetgroup" }],
  "elasticache:CopySnapshot": [{ type: "snapshot" }],
  // A cluster's snapshots: the new name follows the cluster's.
  "redshift:CreateClusterSnapshot": [{ type: "snapshot", from: "SnapshotName" }],
  "redshift:CopyClusterSnapshot": [{ type: "snapshot", from: "SnapshotName" }],
  "redshift:CreateClusterParameterGroup": [{ type: "parametergroup" }],
  "redshift:CreateClusterSubnetGroup": [{ type: "subnetgroup" }],
  // An object written through an access point is authorized on the access point's object ARN.
  "s3:PutObject": [{ type: "accesspointobject" }],
  // A new revision of the family it names: `task-definition/FAMILY:*`, not every family.
  "ecs:RegisterTaskDefinition": [{ type: "task-definition", from: "TaskDefinitionRevisionNumber" }],
  // A rule on the default bus (`rule/NAME`) or on a custom one (`rule/BUS/NAME`): that bus's rules.
  "events:PutRule": [
    { type: "rule-on-custom-event-bus", from: "RuleName" },
    { type: "rule-on-default-event-bus" },
  ],
  // Types whose ARN names their parent by a variable the parent's own format does not start:
  // the new name is the last part, inside the database, cluster or outpost named.
  "glue:CreateTable": [{ type: "table", from: "TableName" }],
  "ecs:CreateService": [{ type: "service", from: "ServiceName" }],
  "s3-outposts:CreateBucket": [{ type: "bucket", from: "BucketName" }],
  "s3-outposts:CreateAccessPoint": [{ type: "accesspoint", from: "AccessPointName" }],
  "es:CreateElasticsearchDomain": [{ type: "domain" }],
  "ec2:ImportKeyPair": [{ type: "key-pair" }],
  "events:StartReplay": [{ type: "replay" }],
  // A restore from a backup creates the table it names (`targetTableName`), which must not exist yet.
  "dynamodb:RestoreTableFromBackup": [{ type: "table" }],
  "iam:UploadServerCertificate": [{ type: "server-certificate" }],
  "iot:CreateTopicRule": [{ type: "rule" }],
  "kinesisvideo:CreateSignalingChannel": [{ type: "channel" }],
  "ses:CreateEmailTemplate": [{ type: "template" }],
  // Creates the layer on its first version; each call makes a new version (published-versions.ts).
  "lambda:PublishLayerVersion": [{ type: "layer" }],
};

/**
 * The part of a created type's ARN format that stays from one call to the next, up to where the
 * new name begins: past its parent resource's format when the service has one it extends
 * (`…:${BucketName}/` for an object, `…:log-group:${LogGroupName}:log-stream:` for a stream),
 * else up to its first variable after the partition, region and account (`…:table/`).
 */
function containerTemplate(catalog: Catalog, service: string, format: string, from?: string): string {
  if (from) return format.slice(0, format.indexOf(`\${${from}}`));
  let parent = "";
  for (const type of catalog.service(service)?.resourceTypes.values() ?? []) {
    const arn = type.arn;
    if (arn.length > parent.length && arn.length < format.length && format.startsWith(arn)) {
      // A whole resource's format, followed by a literal, not the start of a longer variable.
      if (format[arn.length] !== "$" && arn.endsWith("}")) parent = arn;
    }
  }
  const rest = format.slice(parent.length);
  const fixed = parent ? [] : ["Partition", "Region", "Account"];
  let at = rest.length;
  for (const match of rest.matchAll(VARIABLE)) {
    if (fixed.includes(match[0].slice(2, -1))) continue;
    at = match.index;
    break;
  }
  return parent + rest.slice(0, at);
}
