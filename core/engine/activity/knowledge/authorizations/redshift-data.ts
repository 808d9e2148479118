import { secret } from "./keys-and-secrets.js";
import type { ParameterRule, ServiceAuthorizations } from "./types.js";

const EXECUTE = "https://docs.aws.amazon.com/redshift-data/latest/APIReference/API_ExecuteStatement.html";
const ACCESS = "https://docs.aws.amazon.com/redshift/latest/mgmt/data-api-access.html";
const LIST_TABLES = "https://docs.aws.amazon.com/redshift-data/latest/APIReference/API_ListTables.html";

/**
 * A call connects to its database with the caller's own permissions: as a database user
 * (`dbUser`) through redshift:GetClusterCredentials, or with the secret it names (`secretArn`)
 * through secretsmanager:GetSecretValue. The call's record is the only one the trail is sure
 * to hold: both are inferred, kept only where granted today. The database user's credentials keep
 * today's scope, as no record names the dbuser and dbname resources they are checked on.
 */
const CONNECTS: readonly ParameterRule[] = [
  {
    parameter: "dbUser",
    add: [{ action: "redshift:GetClusterCredentials", resource: "unnamed", inferred: true }],
    why: "a call connecting as a database user gets its temporary credentials with the caller's permissions",
    source: EXECUTE,
  },
  {
    parameter: "secretArn",
    add: [{ action: "secretsmanager:GetSecretValue", resource: "referencedSecret", inferred: true }],
    why: "a call connecting with a secret reads the secret with the caller's permissions",
    source: ACCESS,
  },
];

/**
 * The calls that connect to the database: the statements, and the reads of its databases, schemas
 * and tables, whose API pages each ask for the same permissions (LIST_TABLES).
 */
const CONNECTING = [
  "ExecuteStatement",
  "BatchExecuteStatement",
  "ListDatabases",
  "ListSchemas",
  "ListTables",
  "DescribeTable",
];

export const REDSHIFT_DATA_AUTHORIZATIONS: ServiceAuthorizations = {
  service: "redshift-data",
  events: CONNECTING.map((event) => ({
    event,
    rules: CONNECTS,
    why: "SQL run, or the database read, on a cluster or workgroup, connected as a database user or with a secret",
    source: event.endsWith("Statement") ? EXECUTE : LIST_TABLES,
  })),
  resources: (ctx) => {
    const referenced = secret(ctx, ctx.params.secretArn);
    return referenced.length > 0 ? { target: [], referencedSecret: referenced } : { target: [] };
  },
};
