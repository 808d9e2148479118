import { named, regional, type ServiceAuthorizations, str, taggedOnCreate, to } from "./types.js";

const SAR = "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html";
const INDEXES =
  "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/using-identity-based-policies.html";

const TAGS = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Tagging.Operations.html";

const onIndex = {
  parameter: "indexName",
  retarget: "index" as const,
  why: "reading a secondary index is authorized on the index ARN (table/T/index/I), not the table",
  source: INDEXES,
};

export const DYNAMODB_AUTHORIZATIONS: ServiceAuthorizations = {
  service: "dynamodb",
  events: [
    { event: "Query", rules: [onIndex], why: "a query, on the index when it names one", source: SAR },
    { event: "Scan", rules: [onIndex], why: "a scan, on the index when it names one", source: SAR },
    {
      event: "TransactWriteItems",
      actions: to(
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
        "dynamodb:ConditionCheckItem",
      ),
      why: "IAM authorizes each item of a transaction as its own operation; the record does not say which kinds it held",
      source: "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html",
    },
    {
      event: "TransactGetItems",
      actions: to("dynamodb:GetItem"),
      why: "each item read is a GetItem",
      source: "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html",
    },
    {
      event: "CreateTable",
      rules: [taggedOnCreate("dynamodb:TagResource", TAGS)],
      why: "a new table, tagged or not",
      source: TAGS,
    },
    {
      event: "DescribeEndpoints",
      class: "no-permission",
      why: "endpoint discovery needs no permission",
      source: SAR,
    },
  ],
  resources: (ctx) => {
    const target = named(ctx.params.tableName, (n) => regional(ctx, "dynamodb", `table/${n}`));
    const index = str(ctx.params.indexName);
    const table = target[0];
    return index && table ? { target, index: [`${table}/index/${index}`] } : { target };
  },
};
