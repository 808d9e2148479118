import type { Stack } from "aws-cdk-lib";
import { CfnDatabase, CfnTable } from "aws-cdk-lib/aws-glue";

/**
 * The CloudTrail table of Athena's documentation, with partition projection: `account` injected
 * (every query names the audited account), `region` enumerated, `day` a projected date, so no
 * partition is ever added by hand and a query reads only the window's days of one account.
 * https://docs.aws.amazon.com/athena/latest/ug/create-cloudtrail-table-partition-projection.html
 */
export const CLOUDTRAIL_COLUMNS: readonly { name: string; type: string }[] = [
  { name: "eventversion", type: "string" },
  {
    name: "useridentity",
    type:
      "struct<type:string,principalid:string,arn:string,accountid:string,invokedby:string,accesskeyid:string," +
      "username:string,onbehalfof:struct<userid:string,identitystorearn:string>," +
      "sessioncontext:struct<attributes:struct<mfaauthenticated:string,creationdate:string>," +
      "sessionissuer:struct<type:string,principalid:string,arn:string,accountid:string,username:string>," +
      "ec2roledelivery:string,webidfederationdata:struct<federatedprovider:string,attributes:map<string,string>>>>",
  },
  { name: "eventtime", type: "string" },
  { name: "eventsource", type: "string" },
  { name: "eventname", type: "string" },
  { name: "awsregion", type: "string" },
  { name: "sourceipaddress", type: "string" },
  { name: "useragent", type: "string" },
  { name: "errorcode", type: "string" },
  { name: "errormessage", type: "string" },
  { name: "requestparameters", type: "string" },
  { name: "responseelements", type: "string" },
  { name: "additionaleventdata", type: "string" },
  { name: "requestid", type: "string" },
  { name: "eventid", type: "string" },
  { name: "readonly", type: "string" },
  { name: "resources", type: "array<struct<arn:string,accountid:string,type:string>>" },
  { name: "eventtype", type: "string" },
  { name: "apiversion", type: "string" },
  { name: "recipientaccountid", type: "string" },
  { name: "serviceeventdetails", type: "string" },
  { name: "sharedeventid", type: "string" },
  { name: "vpcendpointid", type: "string" },
  { name: "vpcendpointaccountid", type: "string" },
  { name: "eventcategory", type: "string" },
];

/** The partition columns the activity query filters on (athena-activity-query.ts). */
export const PARTITIONS = { account: "account", region: "region", day: "day" } as const;

export interface CloudTrailTableProps {
  bucket: string;
  prefix?: string;
  /** An organization trail delivers under `AWSLogs/<org-id>/<account>/`. */
  organizationId?: string;
  regions: readonly string[];
  /** Glue names: lower-case letters, digits and underscores. */
  database: string;
  table: string;
}

export function cloudTrailTable(stack: Stack, props: CloudTrailTableProps) {
  const root = [props.prefix?.replace(/^\/+|\/+$/g, ""), "AWSLogs", props.organizationId]
    .filter(Boolean)
    .join("/");
  const location = `s3://${props.bucket}/${root}/`;
  const database = new CfnDatabase(stack, "ActivityDatabase", {
    catalogId: stack.account,
    databaseInput: { name: props.database, description: "Whittle: the CloudTrail table Athena aggregates" },
  });
  const table = new CfnTable(stack, "CloudTrailTable", {
    catalogId: stack.account,
    databaseName: props.database,
    tableInput: {
      name: props.table,
      tableType: "EXTERNAL_TABLE",
      parameters: {
        classification: "cloudtrail",
        "projection.enabled": "true",
        [`projection.${PARTITIONS.account}.type`]: "injected",
        [`projection.${PARTITIONS.region}.type`]: "enum",
        [`projection.${PARTITIONS.region}.values`]: props.regions.join(","),
        [`projection.${PARTITIONS.day}.type`]: "date",
        [`projection.${PARTITIONS.day}.format`]: "yyyy/MM/dd",
        // CloudTrail began delivering in November 2013; NOW follows the clock.
        [`projection.${PARTITIONS.day}.range`]: "2013/11/01,NOW",
        [`projection.${PARTITIONS.day}.interval`]: "1",
        [`projection.${PARTITIONS.day}.interval.unit`]: "DAYS",
        "storage.location.template": `${location}\${${PARTITIONS.account}}/CloudTrail/\${${PARTITIONS.region}}/\${${PARTITIONS.day}}`,
      },
      partitionKeys: Object.values(PARTITIONS).map((name) => ({ name, type: "string" })),
      storageDescriptor: {
        location,
        columns: [...CLOUDTRAIL_COLUMNS],
        inputFormat: "com.amazon.emr.cloudtrail.CloudTrailInputFormat",
        outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
        serdeInfo: { serializationLibrary: "org.apache.hive.hcatalog.data.JsonSerDe" },
      },
    },
  });
  table.addDependency(database);
  return { database: props.database, table: props.table };
}
