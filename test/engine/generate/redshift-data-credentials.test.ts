import assert from "node:assert/strict";
import { test } from "node:test";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { holderDecision } from "../../helpers/holder-decision.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// The Redshift Data API connects to the database with the caller's own permissions: "Temporary
// credentials - when connecting to a cluster, specify the cluster identifier, the database name,
// and the database user name. Also, permission to call the redshift:GetClusterCredentials
// operation is required"
// (https://docs.aws.amazon.com/redshift-data/latest/APIReference/API_ExecuteStatement.html), and
// "If you use AWS Secrets Manager to authenticate, confirm the policy allows use of the
// secretsmanager:GetSecretValue action to retrieve the secret"
// (https://docs.aws.amazon.com/redshift/latest/mgmt/data-api-access.html). The statement's record
// is the only trace the trail holds of either.
const SECRET = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:warehouse/etl-AbCdEf`;
const OTHER_SECRET = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:billing/db-GhIjKl`;
const DB_USER = `arn:aws:redshift:us-east-1:${ACCOUNT}:dbuser:wh/etl`;

async function documentsAfter(parameters: Record<string, unknown>, eventName = "ExecuteStatement") {
  const app = role("etl", {
    ...ownPolicy([
      {
        Effect: "Allow",
        Action: [
          "redshift-data:ExecuteStatement",
          "redshift-data:ListDatabases",
          "redshift-data:ListSchemas",
          "redshift-data:ListTables",
          "redshift-data:DescribeTable",
          "redshift:GetClusterCredentials",
          "secretsmanager:GetSecretValue",
        ],
        Resource: "*",
      },
    ]),
  });
  const report = await auditOf(snapshotWith({ roles: [app] }), [
    eventItem({
      eventSource: "redshift-data.amazonaws.com",
      eventName,
      userIdentity: roleSession(app.arn, "etl"),
      requestParameters: { clusterIdentifier: "wh", database: "dev", sql: "select 1", ...parameters },
    }),
  ]);
  const rec = report.recommendations.find((r) => r.principalArn === app.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  return rec!.policies.map((p) => p.document);
}

test("a statement run as a database user keeps the cluster credentials the Data API asks for", async () => {
  const documents = await documentsAfter({ dbUser: "etl" });
  assert.equal(
    holderDecision(documents, { action: "redshift:GetClusterCredentials", resource: DB_USER }),
    "Allow",
    `the next statement is refused: ${JSON.stringify(documents)}`,
  );
});

test("a statement run with a secret keeps the read of that secret, and of no other", async () => {
  const documents = await documentsAfter({ secretArn: SECRET });
  const decide = (resource: string) =>
    holderDecision(documents, { action: "secretsmanager:GetSecretValue", resource });
  assert.equal(decide(SECRET), "Allow", `the next statement is refused: ${JSON.stringify(documents)}`);
  assert.equal(decide(OTHER_SECRET), "ImplicitDeny", JSON.stringify(documents));
});

test("a listing of the database's tables as a database user keeps the cluster credentials too", async () => {
  for (const eventName of ["ListDatabases", "ListSchemas", "ListTables", "DescribeTable"]) {
    const documents = await documentsAfter({ dbUser: "etl" }, eventName);
    assert.equal(
      holderDecision(documents, { action: "redshift:GetClusterCredentials", resource: DB_USER }),
      "Allow",
      `the next ${eventName} is refused: ${JSON.stringify(documents)}`,
    );
  }
});
