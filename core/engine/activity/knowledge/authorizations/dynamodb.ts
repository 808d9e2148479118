import {
  type DeriveContext,
  type EventEntry,
  named,
  type ParameterRule,
  regional,
  type ServiceAuthorizations,
  str,
  taggedOnCreate,
  to,
} from "./types.js";

const SAR = "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html";
const INDEXES =
  "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/using-identity-based-policies.html";

const TAGS = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Tagging.Operations.html";
const RESTORE = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/backuprestore_IAM.html";

/** The item reads and writes a service fills or copies a table with, under the caller's permissions. */
const ITEM_ACCESS = [
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:GetItem",
  "dynamodb:Query",
  "dynamodb:Scan",
  "dynamodb:BatchWriteItem",
];

const REPLICAS = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2gt_IAM.html";

/**
 * "To create table replicas in DynamoDB, you must have the following permissions in the
 * destination Regions": CreateTable, CreateTableReplica and the item reads and writes, beside
 * UpdateTable in the source Region. The replica is the table of the same name in the Region the
 * request names (`replicaUpdates[].create.regionName`); inferred there, kept only where granted today.
 */
const replicaCreated: ParameterRule = {
  parameter: "replicaUpdates.create.regionName",
  add: ["dynamodb:CreateTable", "dynamodb:CreateTableReplica", ...ITEM_ACCESS].map((action) => ({
    action,
    resource: "replica" as const,
    inferred: true as const,
  })),
  why: "a replica is created and filled in its Region with the caller's permissions there",
  source: REPLICAS,
};

/**
 * "DynamoDB read and write permissions on the target table are necessary for restore
 * functionality", beside the restore's own action: the restore fills the new table under the
 * caller's permissions, and no record shows those item calls. Inferred on the table the restore
 * names (`targetTableName`), so kept only where granted today.
 */
const restore = (event: string): EventEntry => ({
  event,
  actions: [
    { action: `dynamodb:${event}` },
    // The table a restore from a backup creates, which IAM's reference lists as its resource beside
    // the backup: a drill restoring into a new name each run is seen creating one there
    // (created-resources.ts). Not a point-in-time restore's, whose one table resource is also its
    // source: the source would count as created.
    ...(event === "RestoreTableFromBackup"
      ? [{ action: `dynamodb:${event}`, resource: "restoredTable" as const }]
      : []),
    ...ITEM_ACCESS.map((action) => ({ action, resource: "restoredTable" as const, inferred: true as const })),
  ],
  why: "a restore writes the items into its target table with the caller's read and write permissions",
  source: RESTORE,
});

const onIndex = {
  parameter: "indexName",
  retarget: "index" as const,
  why: "reading a secondary index is authorized on the index ARN (table/T/index/I), not the table",
  source: INDEXES,
};

const PARTIQL = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-iam.html";
const PARTIQL_LOGS =
  "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/understanding-ddb-log-entries.html";

/** The statement verbs of PartiQL for DynamoDB and the action IAM authorizes each as. */
const VERBS = {
  SELECT: "dynamodb:PartiQLSelect",
  INSERT: "dynamodb:PartiQLInsert",
  UPDATE: "dynamodb:PartiQLUpdate",
  DELETE: "dynamodb:PartiQLDelete",
} as const;

const verbOf = (verbs: readonly string[]) => new RegExp(`^\\s*(?:${verbs.join("|")})\\b`, "i");

/**
 * A PartiQL call, whose statements CloudTrail records with non-key values redacted but their verb
 * and table kept (`statement`; a batch's as `requestItems[].statement`). Each statement read
 * needs its verb's action for certain; an action is ruled out only when every statement was read
 * as another verb. A statement not read (an EXISTS check, a record without its text) leaves all
 * four possible: kept where granted today.
 */
function partiql(event: string, paths: readonly string[], why: string): EventEntry {
  const verbs = Object.keys(VERBS) as (keyof typeof VERBS)[];
  const rules: ParameterRule[] = paths.flatMap((parameter) => [
    ...verbs.map((verb) => ({
      parameter,
      matches: verbOf([verb]),
      add: to(VERBS[verb]),
      why: `a ${verb} statement is authorized as ${VERBS[verb]}`,
      source: PARTIQL,
    })),
    ...verbs.map((verb) => ({
      parameter,
      matches: verbOf(verbs.filter((v) => v !== verb)),
      every: true as const,
      drop: [VERBS[verb]],
      why: `no statement is a ${verb}`,
      source: PARTIQL_LOGS,
    })),
  ]);
  return {
    event,
    actions: Object.values(VERBS).map((action) => ({ action, inferred: true as const })),
    rules,
    why,
    source: PARTIQL,
  };
}

/** `"orders"`, `orders`, and `"orders"."byCustomer"` after the verb's keywords: the table and index a statement names. */
const NAME = `(?:"([A-Za-z0-9_.-]+)"|([A-Za-z_][A-Za-z0-9_]*))`;
/** A statement's head, all of it that is read: its verb, table and index (no key values). */
export const STATEMENT_TARGET = new RegExp(
  String.raw`^\s*(?:SELECT\b[\s\S]*?\bFROM|INSERT\s+INTO|UPDATE|DELETE\s+FROM)\b\s*${NAME}(?:\s*\.\s*${NAME})?`,
  "i",
);

/** The statements of a PartiQL call, wherever its record keeps them. */
function statements(params: Record<string, unknown>): string[] {
  const lists = [params.requestItems, params.transactStatements].flatMap((l) => (Array.isArray(l) ? l : []));
  const found = [params.statement, ...lists.map((i) => (i as { statement?: unknown } | null)?.statement)];
  return found.flatMap((s) => str(s) ?? []);
}

/**
 * The tables a transaction's items name (`transactItems[].put.tableName`, and `update`, `delete`,
 * `conditionCheck`, `get`): a transaction may write several tables, each item authorized on its
 * own, and a table the record's `resources` leaves out would otherwise lose its grant.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html
 */
function transactionTables(params: Record<string, unknown>): string[] {
  const items = params.transactItems;
  if (!Array.isArray(items)) return [];
  const names: string[] = [];
  for (const item of items) {
    if (item === null || typeof item !== "object") continue;
    for (const operation of Object.values(item as Record<string, unknown>)) {
      if (operation === null || typeof operation !== "object") continue;
      const { tableName, TableName } = operation as { tableName?: unknown; TableName?: unknown };
      const name = str(tableName) ?? str(TableName);
      if (name && !names.includes(name)) names.push(name);
    }
  }
  return names;
}

/**
 * The tables a batch's request items name (BatchGetItem, BatchWriteItem): the API keys its
 * `RequestItems` by table name or ARN, and each table's items are authorized on that table, so a
 * table the record's `resources` leaves out would lose its grant, as a transaction's would. Read
 * as a map of tables, or as a list of items naming theirs; a PartiQL batch's list names none so.
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html
 */
function batchTables(params: Record<string, unknown>): string[] {
  const items = params.requestItems;
  if (items === null || typeof items !== "object") return [];
  if (!Array.isArray(items)) return Object.keys(items);
  return items.flatMap((item) => {
    const { tableName, TableName } = (item ?? {}) as { tableName?: unknown; TableName?: unknown };
    return str(tableName) ?? str(TableName) ?? [];
  });
}

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
    partiql("ExecuteStatement", ["statement"], "one PartiQL statement, authorized by its verb"),
    partiql(
      "BatchExecuteStatement",
      ["requestItems.statement"],
      "a batch of PartiQL statements, each authorized by its verb",
    ),
    partiql(
      "ExecuteTransaction",
      ["requestItems.statement", "transactStatements.statement"],
      "a transaction of PartiQL statements, each authorized by its verb",
    ),
    {
      event: "UpdateTable",
      rules: [replicaCreated],
      why: "a table update, plus the replica tables it creates",
      source: REPLICAS,
    },
    restore("RestoreTableFromBackup"),
    restore("RestoreTableToPointInTime"),
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
    for (const name of [...transactionTables(ctx.params), ...batchTables(ctx.params)]) {
      for (const arn of named(name, (n) => regional(ctx, "dynamodb", `table/${n}`)))
        if (!target.includes(arn)) target.push(arn);
    }
    // A PartiQL statement names its table, and a SELECT may read an index ("table"."index"),
    // which IAM authorizes on the index ARN.
    for (const statement of statements(ctx.params)) {
      const m = STATEMENT_TARGET.exec(statement);
      const name = m && (m[1] ?? m[2]);
      const arn = name && regional(ctx, "dynamodb", `table/${name}`);
      if (!arn) continue;
      const indexName = m[3] ?? m[4];
      for (const read of [arn, ...(indexName ? [`${arn}/index/${indexName}`] : [])])
        if (!target.includes(read)) target.push(read);
    }
    const restored = named(ctx.params.targetTableName, (n) => regional(ctx, "dynamodb", `table/${n}`));
    return {
      target,
      ...(index && table ? { index: [`${table}/index/${index}`] } : {}),
      ...(restored.length > 0 ? { restoredTable: restored } : {}),
      ...replicaTables(ctx, table),
    };
  },
};

/** The replica tables an UpdateTable creates: the table's name in each Region it names. */
function replicaTables(ctx: DeriveContext, table: string | undefined): { replica?: string[] } {
  const updates = ctx.params.replicaUpdates;
  const name = table?.split(":table/")[1];
  if (!Array.isArray(updates) || !name || !ctx.account) return {};
  const replica = updates.flatMap((u) => {
    const region = str((u as { create?: { regionName?: unknown } } | null)?.create?.regionName);
    return region ? [`arn:${ctx.partition}:dynamodb:${region}:${ctx.account}:table/${name}`] : [];
  });
  return replica.length > 0 ? { replica } : {};
}
