import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createAuthorizer } from "../../../core/engine/activity/authorize.js";
import { serviceCall } from "../../helpers/activity.js";
import { auditWith, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { catalog } from "../../helpers/catalog.js";
import { basicSelector, EVERY_DYNAMODB_TABLE } from "../../helpers/event-selectors.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// PartiQL for DynamoDB has no IAM action named after its API calls (ExecuteStatement,
// BatchExecuteStatement, ExecuteTransaction): each statement is authorized as dynamodb:PartiQLSelect,
// PartiQLInsert, PartiQLUpdate or PartiQLDelete on the table or index it names.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-iam.html ("To read items using
// PartiQL for DynamoDB, you must have dynamodb:PartiQLSelect permission on the table or index")
// CloudTrail logs these calls as DynamoDB data events under their API names ("Non key attribute
// values will be redacted in the CloudTrail logs of actions using the PartiQL API").
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/understanding-ddb-log-entries.html
const TABLE = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders`;

const app = role("app", {
  ...ownPolicy([
    { Effect: "Allow", Action: ["dynamodb:PartiQLSelect", "dynamodb:GetItem"], Resource: TABLE },
  ]),
});

const select = eventItem({
  eventSource: "dynamodb.amazonaws.com",
  eventName: "ExecuteStatement",
  eventCategory: "Data",
  recipientAccountId: ACCOUNT,
  userIdentity: roleSession(app.arn, "app"),
  requestParameters: { statement: 'SELECT * FROM "orders" WHERE pk = ?' },
  resources: [{ type: "AWS::DynamoDB::Table", ARN: TABLE }],
} as never);

test("a role seen running PartiQL selects on a table keeps dynamodb:PartiQLSelect and is not told DynamoDB is unused", async () => {
  const report = await auditWith(snapshotWith({ roles: [app] }), [select], {
    logging: [basicSelector("All", EVERY_DYNAMODB_TABLE)],
  });
  const unused = report.findings.filter(
    (f) => f.principalArn === app.arn && (f.kind === "unused-service" || f.kind === "unused-action"),
  );
  assert.deepEqual(
    unused.map((f) => [f.kind, f.actions]),
    [["unused-action", ["dynamodb:GetItem"]]],
    "the role's successful ExecuteStatement call needed dynamodb:PartiQLSelect; it never called GetItem",
  );
  const rec = report.recommendations.find((r) => r.principalArn === app.arn);
  assert.ok(rec);
  assert.deepEqual(rec.removedActions, ["dynamodb:GetItem"]);
  assert.deepEqual(
    rec.policies.flatMap((p) => p.document.Statement.map((s) => [s.Action, s.Resource])),
    [[["dynamodb:PartiQLSelect"], [TABLE]]],
  );
});

describe("what a PartiQL call is authorized as", () => {
  const authorize = createAuthorizer(catalog);
  const ARN = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders";
  /** Each need as action, `?` when only possibly needed, and its resources. */
  const needs = (eventName: string, params: Record<string, unknown>) => {
    const result = authorize(serviceCall("dynamodb", eventName, params, [ARN]));
    assert.equal(result.kind, "authorizations");
    return result.kind === "authorizations"
      ? result.authorizations.map((a) => [`${a.action.key}${a.possible ? "?" : ""}`, a.resources])
      : [];
  };

  test("a SELECT is dynamodb:PartiQLSelect on its table, and on the index it reads", () => {
    assert.deepEqual(needs("ExecuteStatement", { statement: 'SELECT * FROM "orders" WHERE pk = ?' }), [
      ["dynamodb:PartiQLSelect", [ARN]],
    ]);
    assert.deepEqual(
      needs("ExecuteStatement", {
        statement: 'select sk FROM "orders"."by-customer" WHERE c = ***(Redacted)',
      }),
      [["dynamodb:PartiQLSelect", [ARN, `${ARN}/index/by-customer`]]],
    );
  });

  test("a batch needs each of its statements' verbs, and only those", () => {
    // The record of AWS's example (understanding-ddb-log-entries.html): non-key values redacted.
    const requestItems = [
      { statement: "UPDATE Music SET Album = ***(Redacted) WHERE Artist = 'No One You Know'" },
      { statement: "INSERT INTO Music VALUE {'Artist' : ***(Redacted), 'Album' : ***(Redacted)}" },
    ];
    const music = "arn:aws:dynamodb:eu-west-1:123456789012:table/Music";
    assert.deepEqual(needs("BatchExecuteStatement", { requestItems }), [
      ["dynamodb:PartiQLInsert", [ARN, music]],
      ["dynamodb:PartiQLUpdate", [ARN, music]],
    ]);
  });

  test("a statement whose verb cannot be read leaves all four possible, on the table the record names", () => {
    const all = (mark: string) =>
      ["Select", "Insert", "Update", "Delete"].map((v) => [`dynamodb:PartiQL${v}${mark}`, [ARN]]);
    assert.deepEqual(needs("ExecuteStatement", {}), all("?"));
    assert.deepEqual(needs("ExecuteStatement", { statement: "***(Redacted)" }), all("?"));
    const transactStatements = [
      { statement: 'EXISTS(SELECT * FROM "orders" WHERE pk = ?)' },
      { statement: 'DELETE FROM "orders" WHERE pk = ?' },
    ];
    assert.deepEqual(needs("ExecuteTransaction", { transactStatements }), [
      ["dynamodb:PartiQLSelect?", [ARN]],
      ["dynamodb:PartiQLInsert?", [ARN]],
      ["dynamodb:PartiQLUpdate?", [ARN]],
      ["dynamodb:PartiQLDelete", [ARN]],
    ]);
  });
});
