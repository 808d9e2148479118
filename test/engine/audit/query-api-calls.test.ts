import assert from "node:assert/strict";
import { test } from "node:test";
import { createAuthorizer } from "../../../core/engine/activity/authorize.js";
import type { TrailLogging } from "../../../core/engine/activity/trail-logging.js";
import { serviceCall } from "../../helpers/activity.js";
import { auditWith, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { catalog } from "../../helpers/catalog.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// Timestream's Query and Neptune Analytics' ExecuteQuery are authorized by what their query does,
// under actions named after no API operation: a SELECT as timestream:Select
// (https://docs.aws.amazon.com/timestream/latest/developerguide/logging-using-cloudtrail.html), a
// graph query as neptune-graph:ReadDataViaQuery, WriteDataViaQuery or DeleteDataViaQuery
// (https://docs.aws.amazon.com/neptune-analytics/latest/userguide/query-APIs-IAM-role-mappings.html).
const TABLE = `arn:aws:timestream:us-east-1:${ACCOUNT}:database/metrics/table/cpu`;
const GRAPH = `arn:aws:neptune-graph:us-east-1:${ACCOUNT}:graph/g-0abc`;

const app = role("app", {
  ...ownPolicy([
    { Effect: "Allow", Action: "timestream:Select", Resource: TABLE },
    { Effect: "Allow", Action: "neptune-graph:ReadDataViaQuery", Resource: GRAPH },
  ]),
});

/** Every management event, and every data event of Timestream's tables and databases and of graphs. */
const EVERYTHING: TrailLogging = {
  management: { read: { excludedSources: [] }, write: { excludedSources: [] } },
  data: ["AWS::Timestream::Table", "AWS::Timestream::Database", "AWS::NeptuneGraph::Graph"].map((type) => ({
    type,
    read: true,
    write: true,
    resources: "all" as const,
  })),
};

const call = (service: string, eventName: string, resource: string) =>
  eventItem({
    eventSource: `${service}.amazonaws.com`,
    eventName,
    eventCategory: "Data",
    recipientAccountId: ACCOUNT,
    userIdentity: roleSession(app.arn, "app"),
    requestParameters: {},
    resources: [{ ARN: resource }],
  } as never);

test("a role seen querying a Timestream table and a graph keeps the query actions it is granted", async () => {
  const report = await auditWith(
    snapshotWith({ roles: [app] }),
    [call("timestream", "Query", TABLE), call("neptune-graph", "ExecuteQuery", GRAPH)],
    { logging: [EVERYTHING] },
  );
  const unused = report.findings.filter(
    (f) => f.principalArn === app.arn && (f.kind === "unused-service" || f.kind === "unused-action"),
  );
  assert.deepEqual(
    unused.map((f) => f.title),
    [],
  );
  const rec = report.recommendations.find((r) => r.principalArn === app.arn);
  assert.ok(rec);
  assert.deepEqual(rec.removedActions, []);
});

test("a query is credited with every action its query text could need, each only possibly", () => {
  const authorize = createAuthorizer(catalog);
  const needs = (service: string, eventName: string, resource: string) => {
    const result = authorize(serviceCall(service, eventName, {}, [resource]));
    assert.equal(result.kind, "authorizations");
    return result.kind === "authorizations"
      ? result.authorizations.map((a) => [a.action.key, a.possible ?? false, a.resources])
      : [];
  };
  const graph = "arn:aws:neptune-graph:eu-west-1:123456789012:graph/g-0abc";
  assert.deepEqual(needs("neptune-graph", "ExecuteQuery", graph), [
    ["neptune-graph:ReadDataViaQuery", true, [graph]],
    ["neptune-graph:WriteDataViaQuery", true, [graph]],
    ["neptune-graph:DeleteDataViaQuery", true, [graph]],
  ]);
  const table = "arn:aws:timestream:eu-west-1:123456789012:database/metrics/table/cpu";
  assert.deepEqual(
    needs("timestream", "Query", table).map(([action, possible]) => [action, possible]),
    [
      ["timestream:Select", true],
      ["timestream:SelectValues", true],
      ["timestream:ListMeasures", true],
      ["timestream:DescribeDatabase", true],
      ["timestream:DescribeTable", true],
      ["timestream:ListDatabases", true],
      ["timestream:ListTables", true],
      ["timestream:DescribeEndpoints", true],
    ],
  );
});
