import { secret } from "./keys-and-secrets.js";
import type { ParameterRule, ServiceAuthorizations } from "./types.js";

const EXECUTE = "https://docs.aws.amazon.com/redshift-data/latest/APIReference/API_ExecuteStatement.html";
const ACCESS = "https://docs.aws.amazon.com/redshift/latest/mgmt/data-api-access.html";

/**
 * A statement connects to its database with the caller's own permissions: as a database user
 * (`dbUser`) through redshift:GetClusterCredentials, or with the secret it names (`secretArn`)
 * through secretsmanager:GetSecretValue. The statement's record is the only one the trail is sure
 * to hold: both are inferred, kept only where granted today. The database user's credentials keep
 * today's scope, as no record names the dbuser and dbname resources they are checked on.
 */
const CONNECTS: readonly ParameterRule[] = [
  {
    parameter: "dbUser",
    add: [{ action: "redshift:GetClusterCredentials", resource: "unnamed", inferred: true }],
    why: "a statement run as a database user gets its temporary credentials with the caller's permissions",
    source: EXECUTE,
  },
  {
    parameter: "secretArn",
    add: [{ action: "secretsmanager:GetSecretValue", resource: "referencedSecret", inferred: true }],
    why: "a statement run with a secret reads the secret with the caller's permissions",
    source: ACCESS,
  },
];

export const REDSHIFT_DATA_AUTHORIZATIONS: ServiceAuthorizations = {
  service: "redshift-data",
  events: ["ExecuteStatement", "BatchExecuteStatement"].map((event) => ({
    event,
    rules: CONNECTS,
    why: "SQL run on a cluster or workgroup, connected as a database user or with a secret",
    source: EXECUTE,
  })),
  resources: (ctx) => {
    const referenced = secret(ctx, ctx.params.secretArn);
    return referenced.length > 0 ? { target: [], referencedSecret: referenced } : { target: [] };
  },
};
