import assert from "node:assert/strict";
import { test } from "node:test";
import { ACCOUNT, appProposal, appRecord } from "../../helpers/app-role.js";
import { doc, input, principal } from "../../helpers/policies.js";

// "DynamoDB read and write permissions on the target table are necessary for restore functionality"
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/backuprestore_IAM.html
const TABLES = `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table`;
const BACKUP = `${TABLES}/orders/backup/01700000000000-abcdef12`;
const ITEMS = [
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:GetItem",
  "dynamodb:Query",
  "dynamodb:Scan",
  "dynamodb:BatchWriteItem",
];
const RESTORES = ["dynamodb:RestoreTableFromBackup", "dynamodb:RestoreTableToPointInTime"];

/** Never past today's grant: another Region's tables stay out. */
function outsideTodaysGrant(proposed: ReturnType<typeof appProposal>["proposed"]): void {
  assert.equal(
    proposed.evaluate({
      action: "dynamodb:PutItem",
      resource: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/x`,
    }).decision,
    "ImplicitDeny",
  );
}

/** A restore drill: from the nightly backup, and to a point in time, each into a table of its own. */
const DRILL = [
  appRecord(
    "dynamodb",
    "RestoreTableFromBackup",
    { targetTableName: "orders-drill", backupArn: BACKUP },
    {
      resources: [
        { ARN: BACKUP, type: "AWS::DynamoDB::Backup" },
        { ARN: `${TABLES}/orders-drill`, type: "AWS::DynamoDB::Table" },
      ],
    },
  ),
  appRecord("dynamodb", "RestoreTableToPointInTime", {
    sourceTableName: "orders",
    targetTableName: "orders-pitr",
  }),
];

test("a restore keeps the item reads and writes it fills its target table with", () => {
  const current = principal([
    input("inline", doc({ Effect: "Allow", Action: [...RESTORES, ...ITEMS], Resource: "*" })),
  ]);
  const { recommendation, proposed } = appProposal(current, DRILL);
  assert.deepEqual(recommendation.checks, { withinCurrent: true, coversObserved: true });
  for (const table of ["orders-drill", "orders-pitr"])
    for (const action of ITEMS)
      assert.equal(
        proposed.evaluate({ action, resource: `${TABLES}/${table}` }).decision,
        "Allow",
        `${action} on ${table}: the same restore, run again, fails`,
      );
  // Only on the tables the restores named: the source table's items stay removed.
  assert.equal(
    proposed.evaluate({ action: "dynamodb:PutItem", resource: `${TABLES}/orders` }).decision,
    "ImplicitDeny",
  );
});

test("a restore never adds item permissions a principal is not granted today", () => {
  const current = principal([input("inline", doc({ Effect: "Allow", Action: RESTORES, Resource: "*" }))]);
  const { recommendation, proposed } = appProposal(current, DRILL);
  assert.equal(recommendation.checks.withinCurrent, true);
  for (const action of ITEMS)
    assert.equal(
      proposed.evaluate({ action, resource: `${TABLES}/orders-drill` }).decision,
      "ImplicitDeny",
      action,
    );
});

// "To create table replicas in DynamoDB, you must have the following permissions in the destination
// Regions": CreateTable, CreateTableReplica and the item reads and writes.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2gt_IAM.html
test("adding a global table replica keeps what creating and filling the replica needs in its Region", () => {
  const current = principal([input("inline", doc({ Effect: "Allow", Action: "dynamodb:*", Resource: "*" }))]);
  const { recommendation, proposed } = appProposal(current, [
    appRecord("dynamodb", "UpdateTable", {
      tableName: "orders",
      replicaUpdates: [{ create: { regionName: "us-west-2" } }],
    }),
  ]);
  assert.deepEqual(recommendation.checks, { withinCurrent: true, coversObserved: true });
  const replica = `arn:aws:dynamodb:us-west-2:${ACCOUNT}:table/orders`;
  for (const action of ["dynamodb:CreateTable", "dynamodb:CreateTableReplica", ...ITEMS])
    assert.equal(
      proposed.evaluate({ action, resource: replica }).decision,
      "Allow",
      `${action} on the replica: adding it again is refused`,
    );
  // The source Region's table keeps the update alone.
  assert.equal(
    proposed.evaluate({ action: "dynamodb:PutItem", resource: `${TABLES}/orders` }).decision,
    "ImplicitDeny",
  );
});

/** A monthly drill restoring into a table named for its month, as the app also writes its own table. */
const monthly = (months: readonly string[]) => [
  ...months.flatMap((month) => [
    appRecord("dynamodb", "RestoreTableFromBackup", {
      targetTableName: `orders-drill-${month}`,
      backupArn: BACKUP,
    }),
    appRecord(
      "dynamodb",
      "RestoreTableToPointInTime",
      { sourceTableName: "orders", targetTableName: `orders-pitr-${month}` },
      { resources: [{ ARN: `${TABLES}/orders`, type: "AWS::DynamoDB::Table" }] },
    ),
  ]),
  appRecord("dynamodb", "PutItem", { tableName: "orders" }),
];

test("a drill restoring a backup into a new table each run keeps the restore and its item needs on the Region's tables", () => {
  const current = principal([
    input("inline", doc({ Effect: "Allow", Action: "dynamodb:*", Resource: `${TABLES}/*` })),
  ]);
  const { recommendation, proposed } = appProposal(current, monthly(["202610", "202611"]));
  assert.deepEqual(recommendation.checks, { withinCurrent: true, coversObserved: true });
  for (const action of ["dynamodb:RestoreTableFromBackup", ...ITEMS])
    assert.equal(
      proposed.evaluate({ action, resource: `${TABLES}/orders-drill-202612` }).decision,
      "Allow",
      `${action}: next month's drill is refused`,
    );
  outsideTodaysGrant(proposed);
});

test("one restore, or the source table a restore reads, widens no item access past the tables named", () => {
  const current = principal([
    input("inline", doc({ Effect: "Allow", Action: "dynamodb:*", Resource: `${TABLES}/*` })),
  ]);
  const { proposed } = appProposal(current, monthly(["202611"]));
  for (const table of ["orders-drill-202612", "orders-pitr-202612", "other"])
    assert.equal(
      proposed.evaluate({ action: "dynamodb:PutItem", resource: `${TABLES}/${table}` }).decision,
      "ImplicitDeny",
      table,
    );
});

test("replicas of two tables added to one Region are not a new table each run: their items stay on them", () => {
  const current = principal([input("inline", doc({ Effect: "Allow", Action: "dynamodb:*", Resource: "*" }))]);
  const { recommendation, proposed } = appProposal(
    current,
    ["orders", "users"].map((tableName) =>
      appRecord("dynamodb", "UpdateTable", {
        tableName,
        replicaUpdates: [{ create: { regionName: "us-west-2" } }],
      }),
    ),
  );
  assert.deepEqual(recommendation.checks, { withinCurrent: true, coversObserved: true });
  const west = `arn:aws:dynamodb:us-west-2:${ACCOUNT}:table`;
  for (const table of ["orders", "users"])
    assert.equal(
      proposed.evaluate({ action: "dynamodb:PutItem", resource: `${west}/${table}` }).decision,
      "Allow",
    );
  assert.equal(
    proposed.evaluate({ action: "dynamodb:PutItem", resource: `${west}/payroll` }).decision,
    "ImplicitDeny",
    "every table of the Region",
  );
});

test("replicas stay no job's new tables when the principal also creates a table of its own", () => {
  const current = principal([input("inline", doc({ Effect: "Allow", Action: "dynamodb:*", Resource: "*" }))]);
  const { recommendation, proposed } = appProposal(current, [
    ...["orders", "users"].map((tableName) =>
      appRecord("dynamodb", "UpdateTable", {
        tableName,
        replicaUpdates: [{ create: { regionName: "us-west-2" } }],
      }),
    ),
    // One table created once, in the app's own Region.
    appRecord("dynamodb", "CreateTable", { tableName: "audit" }),
  ]);
  assert.deepEqual(recommendation.checks, { withinCurrent: true, coversObserved: true });
  const west = `arn:aws:dynamodb:us-west-2:${ACCOUNT}:table`;
  assert.equal(
    proposed.evaluate({ action: "dynamodb:PutItem", resource: `${west}/orders` }).decision,
    "Allow",
  );
  assert.equal(
    proposed.evaluate({ action: "dynamodb:PutItem", resource: `${west}/payroll` }).decision,
    "ImplicitDeny",
    "every table of the Region",
  );
});

/** A job making one table a run, by CreateTable one night and by a restore the next, then filling it. */
const alternating = (names: readonly [string, string]) => [
  appRecord("dynamodb", "CreateTable", { tableName: names[0] }),
  appRecord("dynamodb", "PutItem", { tableName: names[0] }),
  appRecord("dynamodb", "RestoreTableFromBackup", { targetTableName: names[1], backupArn: BACKUP }),
  appRecord("dynamodb", "PutItem", { tableName: names[1] }),
];

test("a job alternating two creating calls keeps the next run's table and its item writes", () => {
  const current = principal([
    input("inline", doc({ Effect: "Allow", Action: "dynamodb:*", Resource: `${TABLES}/*` })),
  ]);
  const { recommendation, proposed } = appProposal(current, alternating(["run-1", "run-2"]));
  assert.deepEqual(recommendation.checks, { withinCurrent: true, coversObserved: true });
  for (const action of ["dynamodb:CreateTable", "dynamodb:RestoreTableFromBackup", ...ITEMS])
    assert.equal(
      proposed.evaluate({ action, resource: `${TABLES}/run-3` }).decision,
      "Allow",
      `${action}: the third run is refused`,
    );
  outsideTodaysGrant(proposed);
});

test("two unlike tables made once each by different creating calls keep the item writes on them alone", () => {
  const current = principal([
    input("inline", doc({ Effect: "Allow", Action: "dynamodb:*", Resource: `${TABLES}/*` })),
  ]);
  const { proposed } = appProposal(current, alternating(["orders", "orders-archive"]));
  for (const table of ["orders", "orders-archive"])
    assert.equal(
      proposed.evaluate({ action: "dynamodb:PutItem", resource: `${TABLES}/${table}` }).decision,
      "Allow",
    );
  assert.equal(
    proposed.evaluate({ action: "dynamodb:PutItem", resource: `${TABLES}/other` }).decision,
    "ImplicitDeny",
  );
});
