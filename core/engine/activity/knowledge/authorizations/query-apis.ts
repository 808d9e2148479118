import type { ServiceAuthorizations } from "./types.js";

/**
 * Query APIs whose one call IAM authorizes by what its query does, under actions named after no
 * API operation. Which of them a call needed depends on its query text, which the record does not
 * show whole: each is credited as possible, kept where granted today.
 */

const TIMESTREAM =
  "https://docs.aws.amazon.com/timestream/latest/developerguide/logging-using-cloudtrail.html";

export const TIMESTREAM_AUTHORIZATIONS: ServiceAuthorizations = {
  service: "timestream",
  events: [
    {
      event: "Query",
      // "Timestream's supported SQL constructs map to the following Timestream IAM actions":
      // SELECT to Select and SelectValues, SHOW MEASURES to ListMeasures, DESCRIBE DATABASE and
      // DESCRIBE TABLE to DescribeDatabase and DescribeTable, SHOW DATABASES and SHOW TABLES to
      // ListDatabases and ListTables.
      actions: [
        "timestream:Select",
        "timestream:SelectValues",
        "timestream:ListMeasures",
        "timestream:DescribeDatabase",
        "timestream:DescribeTable",
        "timestream:ListDatabases",
        "timestream:ListTables",
        // Every Timestream call's dependent action: the SDK discovers the query endpoint first.
        "timestream:DescribeEndpoints",
      ].map((action) => ({ action, inferred: true as const })),
      why: "a query is authorized as the actions of its SQL constructs",
      source: TIMESTREAM,
    },
  ],
};

const NEPTUNE_GRAPH =
  "https://docs.aws.amazon.com/neptune-analytics/latest/userguide/query-APIs-IAM-role-mappings.html";

export const NEPTUNE_GRAPH_AUTHORIZATIONS: ServiceAuthorizations = {
  service: "neptune-graph",
  events: [
    {
      event: "ExecuteQuery",
      actions: [
        "neptune-graph:ReadDataViaQuery",
        "neptune-graph:WriteDataViaQuery",
        "neptune-graph:DeleteDataViaQuery",
      ].map((action) => ({ action, inferred: true as const })),
      why: "a query needs the read, write and delete actions of every step it could perform",
      source: NEPTUNE_GRAPH,
    },
  ],
};
