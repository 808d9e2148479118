import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { activityQuery, QUERY_COLUMNS, summaryFromRow } from "../../core/aws/athena-activity-query.js";
import { athenaActivitySource } from "../../core/aws/athena-activity-source.js";
import { ActivityAggregator } from "../../core/engine/activity/aggregate.js";
import { STATEMENT_TARGET } from "../../core/engine/activity/knowledge/authorizations/dynamodb.js";
import type { ActivityItem, ActivityWindow } from "../../core/engine/activity/types.js";
import { loadCatalog } from "../../core/node/load-catalog.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";

const WINDOW: ActivityWindow = { start: "2026-08-24T00:00:00Z", end: "2026-11-22T00:00:00Z", days: 90 };

test("the query aggregates on the Athena side over the window, grouped by principal, event and resource", () => {
  const sql = activityQuery({ table: "cloudtrail.org_trail", datePartition: "timestamp" }, WINDOW);
  assert.match(sql, /FROM "cloudtrail"\."org_trail"/);
  assert.match(sql, /WHERE eventtime >= '2026-08-24T00:00:00Z'\n {4}AND eventtime < '2026-11-22T00:00:00Z'/);
  assert.match(sql, /AND "timestamp" BETWEEN '2026\/08\/24' AND '2026\/11\/22'/);
  assert.match(
    sql,
    /count\(\*\) AS events,\n {2}min\(eventtime\) AS first_seen,\n {2}max\(eventtime\) AS last_seen/,
  );
  assert.match(sql, /useridentity\.sessioncontext\.sessionissuer\.arn AS issuer_arn/);
  assert.match(sql, /array_join\(transform\(resources, r -> r\.arn\), ' '\) AS resource_arns/);
  assert.match(sql, /json_extract_scalar\(requestparameters, '\$\["bucketName"\]'\)/);
  const grouped = QUERY_COLUMNS.slice(0, QUERY_COLUMNS.indexOf("event_day")).join(", ");
  assert.match(sql, new RegExp(`\nFROM calls\nGROUP BY GROUPING SETS \\(\\(${grouped}\\), `));
});

test("the date partitions run to the day after the window's last instant, where its last minutes are delivered", () => {
  // CloudTrail files a log under the day it delivers it: a call at 23:58 sits in the next day's
  // partition (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-examples.html).
  const window = { start: "2026-08-24T00:00:00Z", end: "2026-11-21T23:50:00Z", days: 90 };
  const sql = activityQuery({ table: "cloudtrail.org_trail", datePartition: "timestamp" }, window);
  assert.match(sql, /AND "timestamp" BETWEEN '2026\/08\/24' AND '2026\/11\/22'/);
});

test("the same scan counts the days each account and region has records on, apart from the calls", () => {
  // A call row's first and last record say nothing of the days between them: a month of missing
  // partitions inside the window needs rows of its own. Athena runs this text only in AWS: moto
  // answers any query with canned rows, so the SQL is checked here as text.
  const sql = activityQuery({ table: "cloudtrail.org_trail" }, WINDOW);
  assert.match(sql, /^WITH calls AS \(\n {2}SELECT\n/);
  assert.match(sql, /\n {4}substr\(eventtime, 1, 10\) AS event_day\n {2}FROM "cloudtrail"\."org_trail"\n/);
  assert.match(sql, /\n {2}event_day,\n {2}count\(\*\) AS events,/);
  assert.match(sql, /, \(recipient_account, region, event_day\)\)$/);
});

test("table names and window bounds cannot inject SQL", () => {
  assert.throws(() => activityQuery({ table: "db.t; DROP TABLE x" }, WINDOW), RangeError);
  assert.throws(() => activityQuery({ table: "justonepart" }, WINDOW), RangeError);
  assert.throws(
    () => activityQuery({ table: "db.t" }, { ...WINDOW, start: "2026-01-01' OR 1=1 --" }),
    RangeError,
  );
  assert.throws(() => activityQuery({ table: "db.t", datePartition: 'x" OR 1=1' }, WINDOW), RangeError);
});

const ROLE_ROW: Record<string, string> = {
  identity_type: "AssumedRole",
  identity_arn: "arn:aws:sts::123456789012:assumed-role/app/i-0abc",
  identity_account: "123456789012",
  issuer_arn: "arn:aws:iam::123456789012:role/app",
  event_source: "s3.amazonaws.com",
  event_name: "GetObject",
  event_type: "AwsApiCall",
  region: "eu-west-1",
  recipient_account: "123456789012",
  outcome: "allowed",
  resource_arns: "arn:aws:s3:::data/report.csv arn:aws:s3:::data",
  events: "42",
  first_seen: "2026-09-01T08:00:00Z",
  last_seen: "2026-11-20T17:30:00Z",
};

/** A per-day row: the account, region and day grouping set leaves every other column empty. */
const DAY_ROW = (day: string): Record<string, string> => ({
  recipient_account: "123456789012",
  region: "eu-west-1",
  event_day: day,
  events: "3",
  first_seen: `${day}T01:00:00Z`,
  last_seen: `${day}T23:00:00Z`,
});

test("a row becomes a summary the aggregator counts like 42 events of the role", () => {
  const summary = summaryFromRow(ROLE_ROW);
  assert.ok(typeof summary !== "string");
  const aggregator = new ActivityAggregator(loadCatalog());
  aggregator.addSummary(summary);
  const [role] = aggregator.result().principals;
  assert.equal(role?.principal.id, "arn:aws:iam::123456789012:role/app");
  assert.deepEqual(role?.actions, [
    // The object's KMS key, which a read's record does not name: kms:Decrypt, inferred.
    {
      action: "kms:Decrypt",
      count: 42,
      denied: 0,
      firstSeen: "2026-09-01T08:00:00Z",
      lastSeen: "2026-11-20T17:30:00Z",
      regions: ["eu-west-1"],
      resources: [],
      resourceOverflow: 0,
      unscoped: 42,
      authorizations: [{ region: "eu-west-1", count: 42 }],
      authorizationOverflow: 0,
      inferred: true,
      possible: true,
    },
    {
      action: "s3:GetObject",
      count: 42,
      denied: 0,
      firstSeen: "2026-09-01T08:00:00Z",
      lastSeen: "2026-11-20T17:30:00Z",
      regions: ["eu-west-1"],
      resources: ["arn:aws:s3:::data/report.csv"],
      resourceOverflow: 0,
      unscoped: 0,
      authorizations: [{ resource: "arn:aws:s3:::data/report.csv", region: "eu-west-1", count: 42 }],
      authorizationOverflow: 0,
    },
  ]);
});

test("what the tables' rules read survives the grouping: tags set at creation, a launch's image", () => {
  const sql = activityQuery({ table: "cloudtrail.org_trail" }, WINDOW);
  assert.match(sql, /json_extract_scalar\(requestparameters, '\$\.instancesSet\.items\[0\]\.imageId'\)/);
  // EC2's tags are read in any shape (tagSpecificationSet, a Query-API TagSpecification): by the
  // `tagged` column, not a column of one key.
  assert.doesNotMatch(sql, /tagSpecificationSet/);
  const line = sql.split("\n").find((l) => /imageId/.test(l));
  const image = / AS (rule_\d+),?$/.exec(line ?? "")?.[1] ?? "";
  const actions = (name: string, row: Record<string, string>) => {
    const summary = summaryFromRow({
      ...ROLE_ROW,
      event_source: "ec2.amazonaws.com",
      event_name: name,
      resource_arns: "",
      ...row,
    });
    assert.ok(typeof summary !== "string");
    const aggregator = new ActivityAggregator(loadCatalog());
    aggregator.addSummary(summary);
    return aggregator
      .result()
      .principals[0]?.actions.map((a) => a.action)
      .sort();
  };
  assert.deepEqual(actions("RunInstances", { tagged: "set", [image]: "resolve:ssm:/golden/ami" }), [
    "ec2:CreateTags",
    "ec2:RunInstances",
    "ssm:GetParameters",
  ]);
  assert.deepEqual(actions("CreateFleet", { tagged: "set" }), ["ec2:CreateFleet", "ec2:CreateTags"]);
  assert.deepEqual(actions("CreateFleet", {}), ["ec2:CreateFleet"]);
  // A launch template's tags and image are not in the record: naming one is what the row keeps.
  const template = / AS (rule_\d+),?$/.exec(
    sql.split("\n").find((l) => l.includes(`'$["launchTemplate"]'`)) ?? "",
  )?.[1];
  assert.ok(template, "a column for launchTemplate");
  assert.deepEqual(actions("RunInstances", { [template]: "set" }), [
    "ec2:CreateTags",
    "ec2:RunInstances",
    "iam:PassRole",
    "ssm:GetParameters",
  ]);
  assert.deepEqual(actions("RunInstances", {}), ["ec2:RunInstances"]);
  // A fleet's template configurations are an object or a list: read by whether they are set.
  const configs =
    sql.split("\n").find((l) => /LaunchTemplateConfigs/.test(l) && /CreateFleetRequest/.test(l)) ?? "";
  assert.match(
    configs,
    /^\s*CASE WHEN json_format\(json_extract\(requestparameters, '\$\.CreateFleetRequest\.LaunchTemplateConfigs'\)\)/,
  );
  const fleet = / AS (rule_\d+),?$/.exec(configs)?.[1] ?? "";
  assert.deepEqual(actions("CreateFleet", { [fleet]: "set" }), [
    "ec2:CreateFleet",
    "ec2:CreateTags",
    "ec2:RunInstances",
    "iam:PassRole",
    "ssm:GetParameters",
  ]);
});

test("tags a creating call set, at any depth, survive the grouping for the general tagging rule", () => {
  const sql = activityQuery({ table: "cloudtrail.org_trail" }, WINDOW);
  assert.match(
    sql,
    /CASE WHEN regexp_like\(requestparameters, '\(\?i\)"\(\?:tags\|.*THEN 'set' END AS tagged,$/m,
  );
  const created = (tagged: string | undefined) => {
    const summary = summaryFromRow({
      ...ROLE_ROW,
      event_source: "rds.amazonaws.com",
      event_name: "CreateDBInstance",
      resource_arns: "",
      ...(tagged ? { tagged } : {}),
    });
    assert.ok(typeof summary !== "string");
    const aggregator = new ActivityAggregator(loadCatalog());
    aggregator.addSummary(summary);
    return aggregator.result().principals[0]?.actions.map((a) => a.action);
  };
  assert.deepEqual(created("set"), ["rds:AddTagsToResource", "rds:CreateDBInstance"]);
  assert.deepEqual(created(undefined), ["rds:CreateDBInstance"]);
});

test("a call refused before authentication comes back as one, and shows no use of the user or its key", () => {
  const sql = activityQuery({ table: "cloudtrail.org_trail" }, WINDOW);
  assert.match(
    sql,
    /CASE WHEN regexp_like\(coalesce\(errorcode, ''\), '[^']*SignatureDoesNotMatch[^']*'\) THEN 'unauthenticated'/,
  );
  const row = {
    identity_type: "IAMUser",
    identity_arn: "arn:aws:iam::123456789012:user/alice",
    identity_account: "123456789012",
    access_key_id: "AKIAEXAMPLE000000000",
    event_source: "dynamodb.amazonaws.com",
    event_name: "ListTables",
    region: "us-east-1",
    events: "3",
    first_seen: "2026-09-01T08:00:00Z",
    last_seen: "2026-11-20T17:30:00Z",
  };
  const seen = (outcome: string) => {
    const summary = summaryFromRow({ ...row, outcome });
    assert.ok(typeof summary !== "string");
    const aggregator = new ActivityAggregator(loadCatalog());
    aggregator.addSummary(summary);
    const result = aggregator.result();
    return {
      principals: result.principals.map((p) => p.principal.id),
      ignored: result.ignored.map((i) => i.class),
    };
  };
  assert.deepEqual(seen("unauthenticated"), { principals: [], ignored: ["unauthenticated"] });
  assert.deepEqual(seen("denied"), { principals: [row.identity_arn], ignored: [] });
});

test("a refused console sign-in comes back as one, and shows no use of the user", () => {
  const sql = activityQuery({ table: "cloudtrail.org_trail" }, WINDOW);
  assert.match(sql, /eventsource = 'signin\.amazonaws\.com' AND .*errormessage.* THEN 'failed-sign-in'/);
  const row = {
    identity_type: "IAMUser",
    identity_arn: "arn:aws:iam::123456789012:user/alice",
    identity_account: "123456789012",
    event_source: "signin.amazonaws.com",
    event_name: "ConsoleLogin",
    event_type: "AwsConsoleSignIn",
    region: "us-east-1",
    events: "3",
    first_seen: "2026-09-01T08:00:00Z",
    last_seen: "2026-11-20T17:30:00Z",
  };
  const seen = (outcome: string) => {
    const summary = summaryFromRow({ ...row, outcome });
    assert.ok(typeof summary !== "string");
    const aggregator = new ActivityAggregator(loadCatalog());
    aggregator.addSummary(summary);
    return aggregator.result().principals.map((p) => p.principal.id);
  };
  assert.deepEqual(seen("failed-sign-in"), []);
  assert.deepEqual(seen("allowed"), [row.identity_arn]);
});

test("an AssumeRole that failed for another reason than a refusal assumed nothing, though its permission is in use", () => {
  const sql = activityQuery({ table: "cloudtrail.org_trail" }, WINDOW);
  assert.match(sql, /WHEN coalesce\(errorcode, ''\) <> '' THEN 'failed'/);
  const target = "arn:aws:iam::123456789012:role/deployer";
  const line = sql.split("\n").find((l) => l.includes(`'$["roleArn"]'`));
  const roleArn = / AS (param_\d+),?$/.exec(line ?? "")?.[1] ?? "";
  const row = {
    [roleArn]: target,
    identity_type: "AssumedRole",
    identity_arn: "arn:aws:sts::123456789012:assumed-role/ci/build",
    identity_account: "123456789012",
    issuer_arn: "arn:aws:iam::123456789012:role/ci",
    event_source: "sts.amazonaws.com",
    event_name: "AssumeRole",
    region: "us-east-1",
    events: "2",
    first_seen: "2026-09-01T08:00:00Z",
    last_seen: "2026-11-20T17:30:00Z",
  };
  const seen = (outcome: string) => {
    const summary = summaryFromRow({ ...row, outcome });
    assert.ok(typeof summary !== "string");
    const aggregator = new ActivityAggregator(loadCatalog());
    aggregator.addSummary(summary);
    const principals = aggregator.result().principals;
    return {
      principals: principals.map((p) => p.principal.id).sort(),
      callerActions: principals.find((p) => p.principal.id === row.issuer_arn)?.actions.map((a) => a.action),
    };
  };
  assert.deepEqual(seen("failed"), { principals: [row.issuer_arn], callerActions: ["sts:AssumeRole"] });
  assert.deepEqual(seen("allowed").principals, [row.issuer_arn, target]);
});

test("the roles a call passed, at any depth, survive the grouping as role-holding fragments", () => {
  const sql = activityQuery({ table: "cloudtrail.org_trail" }, WINDOW);
  assert.match(sql, /regexp_extract_all\(requestparameters, '\(\?i\)"\(\?:roleArn\|/);
  const summary = summaryFromRow({
    ...ROLE_ROW,
    event_source: "events.amazonaws.com",
    event_name: "PutTargets",
    resource_arns: "",
    role_parameters: '"roleArn":"arn:aws:iam::123456789012:role/target"\n"iamRoles": ["x"]\nnot json',
  });
  assert.ok(typeof summary !== "string");
  const aggregator = new ActivityAggregator(loadCatalog());
  aggregator.addSummary(summary);
  const passRole = aggregator.result().principals[0]?.actions.find((a) => a.action === "iam:PassRole");
  assert.deepEqual(passRole?.resources, ["arn:aws:iam::123456789012:role/target"]);
});

test("a Firehose subscription's role survives the grouping, in both calls that set it", () => {
  const sql = activityQuery({ table: "cloudtrail.org_trail" }, WINDOW);
  // The query's own pattern, read in JavaScript as Athena reads it (case-insensitive, every match).
  const pattern = /regexp_extract_all\(requestparameters, '\(\?i\)([^']+)'\)/.exec(sql)?.[1];
  assert.ok(pattern);
  const role = "arn:aws:iam::123456789012:role/sns-firehose";
  const calls: [string, Record<string, unknown>][] = [
    [
      "Subscribe",
      { topicArn: "arn:aws:sns:eu-west-1:123456789012:t", attributes: { SubscriptionRoleArn: role } },
    ],
    ["SetSubscriptionAttributes", { attributeName: "SubscriptionRoleArn", attributeValue: role }],
  ];
  for (const [name, params] of calls) {
    const summary = summaryFromRow({
      ...ROLE_ROW,
      event_source: "sns.amazonaws.com",
      event_name: name,
      resource_arns: "",
      role_parameters: (JSON.stringify(params).match(new RegExp(pattern, "gi")) ?? []).join("\n"),
    });
    assert.ok(typeof summary !== "string");
    const aggregator = new ActivityAggregator(loadCatalog());
    aggregator.addSummary(summary);
    const passRole = aggregator.result().principals[0]?.actions.find((a) => a.action === "iam:PassRole");
    assert.deepEqual(passRole?.resources, [role], name);
  }
});

test("an S3 header CloudTrail writes as a one-element array is read by its first element too", () => {
  const sql = activityQuery({ table: "cloudtrail.org_trail" }, WINDOW);
  for (const parameter of ["x-amz-acl", "x-amz-tagging-directive", "bucketName"]) {
    const line = sql.split("\n").find((l) => l.includes(`'$["${parameter}"]'`)) ?? "";
    assert.ok(line.includes(`json_extract_scalar(requestparameters, '$["${parameter}"][0]')`), line);
  }
  const image = sql.split("\n").find((l) => l.includes("'$.instancesSet.items[0].imageId'")) ?? "";
  assert.ok(image.includes("'$.instancesSet.items[0].imageId[0]'"), image);
});

test("the encryption S3 applied to an object it wrote survives the grouping: S3's own keys need no KMS key", () => {
  const sql = activityQuery({ table: "cloudtrail.org_trail" }, WINDOW);
  const columnOf = (text: string) =>
    / AS (\w+),?$/.exec(sql.split("\n").find((l) => l.includes(text)) ?? "")?.[1] ?? "";
  const applied = columnOf(`json_extract_scalar(additionaleventdata, '$["SSEApplied"]')`);
  const header = columnOf(`json_extract_scalar(responseelements, '$["x-amz-server-side-encryption"]')`);
  assert.ok(applied && header, sql);
  // Read for S3's records alone: another service's calls still group together.
  assert.match(sql, new RegExp(`CASE WHEN eventsource = 's3\\.amazonaws\\.com' THEN [^\n]+ AS ${applied}`));
  const actions = (row: Record<string, string>) => {
    const summary = summaryFromRow({ ...ROLE_ROW, event_name: "PutObject", ...row });
    assert.ok(typeof summary !== "string");
    const aggregator = new ActivityAggregator(loadCatalog());
    aggregator.addSummary(summary);
    return (aggregator.result().principals[0]?.actions ?? []).map((a) => a.action);
  };
  assert.deepEqual(actions({}), ["kms:GenerateDataKey", "s3:PutObject"]);
  assert.deepEqual(actions({ [applied]: "Default_SSE_KMS" }), ["kms:GenerateDataKey", "s3:PutObject"]);
  assert.deepEqual(actions({ [applied]: "Default_SSE_S3" }), ["s3:PutObject"]);
  assert.deepEqual(actions({ [header]: "AES256" }), ["s3:PutObject"]);
});

test("a launch's block device key survives the grouping as set, naming no key: its KMS actions keep today's scope", () => {
  const sql = activityQuery({ table: "cloudtrail.org_trail" }, WINDOW);
  const column =
    / AS (\w+),?$/.exec(
      sql.split("\n").find((l) => l.includes("blockDeviceMapping.items[0].ebs.kmsKeyId")) ?? "",
    )?.[1] ?? "";
  assert.ok(column, "a column for the block devices' key");
  const summary = summaryFromRow({
    ...ROLE_ROW,
    event_source: "ec2.amazonaws.com",
    event_name: "RunInstances",
    [column]: "set",
  });
  assert.ok(typeof summary !== "string");
  const aggregator = new ActivityAggregator(loadCatalog());
  aggregator.addSummary(summary);
  const grant = aggregator.result().principals[0]?.actions.find((a) => a.action === "kms:CreateGrant");
  assert.deepEqual([grant?.resources, grant?.unscoped, grant?.inferred], [[], 42, true]);
});

test("a copy's tagging directive survives the grouping: tags replaced are not read from the source", () => {
  const sql = activityQuery({ table: "cloudtrail.org_trail" }, WINDOW);
  const lineOf = (parameter: string) => sql.split("\n").find((l) => l.includes(`'$["${parameter}"]'`)) ?? "";
  const columnOf = (parameter: string) => / AS (\w+),?$/.exec(lineOf(parameter))?.[1] ?? "";
  // The directive's value, not only whether it was set: COPY keeps the source's tags.
  assert.match(lineOf("x-amz-tagging-directive"), /^\s*coalesce\(json_extract_scalar\(/);
  const column = columnOf("x-amz-tagging-directive");
  const actions = (row: Record<string, string>) => {
    const summary = summaryFromRow({
      ...ROLE_ROW,
      event_name: "CopyObject",
      [columnOf("x-amz-copy-source")]: "src/a.csv",
      ...row,
    });
    assert.ok(typeof summary !== "string");
    const aggregator = new ActivityAggregator(loadCatalog());
    aggregator.addSummary(summary);
    return (aggregator.result().principals[0]?.actions ?? []).map((a) => a.action);
  };
  assert.ok(actions({}).includes("s3:GetObjectTagging"));
  assert.ok(!actions({ [column]: "REPLACE" }).includes("s3:GetObjectTagging"));
});

test("the managed session policies an STS request named survive the grouping, counted per request", () => {
  const sql = activityQuery({ table: "cloudtrail.org_trail" }, WINDOW);
  const line = sql.split("\n").find((l) => l.endsWith(" AS session_policy_arns,")) ?? "";
  assert.match(line, /json_extract\(requestparameters, '\$\.policyArns'\)/);
  assert.match(line, /^ {4}CASE WHEN eventsource = 'sts\.amazonaws\.com' THEN /);
  const shared = "arn:aws:iam::123456789012:policy/team/shared";
  const other = "arn:aws:iam::123456789012:policy/other";
  const summary = summaryFromRow({
    ...ROLE_ROW,
    event_source: "sts.amazonaws.com",
    event_name: "AssumeRole",
    resource_arns: "",
    session_policy_arns: `${shared} ${other}`,
    events: "5",
  });
  assert.ok(typeof summary !== "string");
  const aggregator = new ActivityAggregator(loadCatalog());
  aggregator.addSummary(summary);
  assert.deepEqual(aggregator.result().sessionPolicies, [
    { policyArn: other, requests: 5 },
    { policyArn: shared, requests: 5 },
  ]);
  const none = summaryFromRow({ ...ROLE_ROW, session_policy_arns: "" });
  assert.ok(typeof none !== "string");
  assert.equal(none.event.requestParameters?.policyArns, undefined);
});

test("what a granting IAM call changed survives the grouping, so its permissions are not called unused", () => {
  const sql = activityQuery({ table: "cloudtrail.org_trail" }, WINDOW);
  const columns = QUERY_COLUMNS.filter((c) => c.startsWith("grant_"));
  const lines = columns.map((c) => sql.split("\n").find((l) => l.endsWith(` AS ${c},`)) ?? "");
  for (const line of lines)
    assert.match(
      line,
      /^ {4}CASE WHEN eventsource = 'iam\.amazonaws\.com' AND eventname IN \('PutUserPolicy', /,
    );
  const column = (parameter: string) => columns[lines.findIndex((l) => l.includes(`'$["${parameter}"]'`))]!;
  const policy = "arn:aws:iam::123456789012:policy/deploy-bucket";
  const row = {
    ...ROLE_ROW,
    event_source: "iam.amazonaws.com",
    event_name: "AttachRolePolicy",
    resource_arns: "",
    [column("roleName")]: "app",
    [column("policyArn")]: policy,
    events: "1",
  };
  const version = {
    ...row,
    event_name: "CreatePolicyVersion",
    [column("policyArn")]: "arn:aws:iam::123456789012:policy/shared",
    [column("setAsDefault")]: "true",
  };
  const aggregator = new ActivityAggregator(loadCatalog());
  for (const r of [row, version]) {
    const summary = summaryFromRow(r);
    assert.ok(typeof summary !== "string", String(summary));
    aggregator.addSummary(summary);
  }
  assert.deepEqual(
    aggregator.result().grants.map((g) => [g.eventName, g.target, g.name, g.grant]),
    [
      ["AttachRolePolicy", "role", "app", policy],
      ["CreatePolicyVersion", "policy", "arn:aws:iam::123456789012:policy/shared", undefined],
    ],
  );
});

test("rows without event or count are problems, not summaries", () => {
  assert.equal(typeof summaryFromRow({ ...ROLE_ROW, events: "0" }), "string");
  assert.equal(typeof summaryFromRow({ ...ROLE_ROW, event_name: undefined }), "string");
  assert.equal(typeof summaryFromRow({}), "string");
});

let moto: MotoServer;
before(async () => {
  moto = await startMoto();
});
after(() => moto.stop());

test("against moto: starts the query, waits, pages the results and skips the header row", async () => {
  const column = (Name: string) => ({ Name, Type: "varchar" });
  const row = (values: (string | undefined)[]) => ({
    Data: values.map((v) => (v === undefined ? {} : { VarCharValue: v })),
  });
  const response = await fetch(`${moto.endpoint}/moto-api/static/athena/query-results`, {
    method: "POST",
    body: JSON.stringify({
      account_id: "123456789012",
      region: "us-east-1",
      results: [
        {
          column_info: QUERY_COLUMNS.map(column),
          rows: [
            row(QUERY_COLUMNS),
            row(QUERY_COLUMNS.map((c) => ROLE_ROW[c])),
            row(QUERY_COLUMNS.map((c) => (c === "events" ? "not a number" : ROLE_ROW[c]))),
            ...["2026-11-19", "2026-11-20"].map((day) => row(QUERY_COLUMNS.map((c) => DAY_ROW(day)[c]))),
          ],
        },
      ],
    }),
  });
  assert.equal(response.status, 201);
  const source = athenaActivitySource({
    athena: moto.clients.athena,
    table: "cloudtrail.org_trail",
    outputLocation: "s3://athena-results/whittle/",
    pollIntervalMs: 10,
  });
  const items: ActivityItem[] = [];
  for await (const batch of source.read(WINDOW)) items.push(...batch);
  assert.deepEqual(
    items.map((i) => i.kind),
    ["summary", "warning", "extent"],
  );
  assert.deepEqual(items.at(-1), {
    kind: "extent",
    extent: {
      delivered: [{ account: "123456789012", region: "eu-west-1", days: ["2026-11-19", "2026-11-20"] }],
    },
  });
  const first = items[0];
  assert.ok(first?.kind === "summary");
  assert.equal(first.summary.count, 42);
  assert.equal(first.summary.event.userIdentity?.sessionContext?.sessionIssuer?.arn, ROLE_ROW.issuer_arn);
});

test("a PartiQL statement is grouped by its verb and table alone, and a batch's not by its first statement", () => {
  const sql = activityQuery({ table: "cloudtrail.org_trail" }, WINDOW);
  const line = sql.split("\n").find((l) => l.includes(`'$["statement"]'`)) ?? "";
  assert.ok(line.trimStart().startsWith(`regexp_extract(coalesce(`), line);
  assert.ok(line.includes(`'(?i)${STATEMENT_TARGET.source}')`), line);
  // Only the first of a batch's statements could be selected: it would rule out the others' verbs.
  assert.doesNotMatch(sql, /requestItems|transactStatements/);
  const column = / AS (rule_\d+),?$/.exec(line)?.[1] ?? "";
  const statement = `SELECT * FROM "orders" WHERE pk = 'customer#1' AND total = ***(Redacted)`;
  const head = STATEMENT_TARGET.exec(statement)?.[0];
  assert.equal(head, `SELECT * FROM "orders"`);
  const used = (row: Record<string, string>) => {
    const summary = summaryFromRow({
      ...ROLE_ROW,
      event_source: "dynamodb.amazonaws.com",
      event_name: "ExecuteStatement",
      region: "eu-west-1",
      recipient_account: "123456789012",
      resource_arns: "",
      ...row,
    });
    assert.ok(typeof summary !== "string");
    const aggregator = new ActivityAggregator(loadCatalog());
    aggregator.addSummary(summary);
    const actions = aggregator.result().principals[0]?.actions ?? [];
    return actions.map((a) => [a.action, a.resources, a.inferred ?? false]).sort();
  };
  assert.deepEqual(used({ [column]: head ?? "" }), [
    ["dynamodb:PartiQLSelect", ["arn:aws:dynamodb:eu-west-1:123456789012:table/orders"], false],
  ]);
  assert.deepEqual(
    used({}).map(([action, , inferred]) => [action, inferred]),
    [
      ["dynamodb:PartiQLDelete", true],
      ["dynamodb:PartiQLInsert", true],
      ["dynamodb:PartiQLSelect", true],
      ["dynamodb:PartiQLUpdate", true],
    ],
  );
});

test("a read of a missing S3 key answered NoSuchKey comes back with its code, keeping s3:ListBucket in use", () => {
  // S3 answers 404 rather than 403 only to a caller allowed s3:ListBucket on the bucket
  // (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html, Permissions).
  const sql = activityQuery({ table: "cloudtrail.org_trail" }, WINDOW);
  assert.match(sql, /errorcode IN \('NoSuchKey', 'NotFound'\) THEN 'answered:' \|\| errorcode/);
  const column = (parameter: string) => {
    const line = sql.split("\n").find((l) => l.includes(`'$["${parameter}"]'`));
    return / AS (param_\d+),?$/.exec(line ?? "")?.[1] ?? "";
  };
  const row = {
    [column("bucketName")]: "cache",
    [column("key")]: "miss.json",
    identity_type: "AssumedRole",
    identity_arn: "arn:aws:sts::123456789012:assumed-role/app/s",
    identity_account: "123456789012",
    issuer_arn: "arn:aws:iam::123456789012:role/app",
    event_source: "s3.amazonaws.com",
    event_name: "GetObject",
    event_type: "AwsApiCall",
    region: "eu-west-1",
    events: "4",
    first_seen: "2026-09-01T08:00:00Z",
    last_seen: "2026-11-20T17:30:00Z",
  };
  const actions = (outcome: string) => {
    const summary = summaryFromRow({ ...row, outcome });
    assert.ok(typeof summary !== "string");
    const aggregator = new ActivityAggregator(loadCatalog());
    aggregator.addSummary(summary);
    return aggregator.result().principals[0]?.actions.map((a) => a.action);
  };
  // The object's KMS key, had it existed, which no record names: kms:Decrypt, inferred.
  assert.deepEqual(actions("answered:NoSuchKey"), ["kms:Decrypt", "s3:GetObject", "s3:ListBucket"]);
  assert.deepEqual(actions("failed"), ["kms:Decrypt", "s3:GetObject"]);
});

test("a member's query reads the trail owner's records of its home region, for their days and the trail's changes", () => {
  const sql = activityQuery(
    {
      table: "cloudtrail.org_trail",
      accountId: "111122223333",
      accountPartition: "account",
      trailOwners: [{ account: "999988887777", home: "eu-west-1" }],
    },
    WINDOW,
  );
  assert.match(
    sql,
    /\n {4}AND \(\(recipientaccountid = '111122223333'\)\n {6}OR \(recipientaccountid = '999988887777' AND awsregion = 'eu-west-1'\)\)\n {4}AND "account" IN \('111122223333', '999988887777'\)\n\)/,
  );
  // An injected partition column must meet only static equality conditions: never inside the OR.
  assert.doesNotMatch(sql.slice(0, sql.indexOf('"account" IN')), /"account"/);
  assert.match(
    sql,
    /\nHAVING event_day IS NOT NULL OR recipient_account = '111122223333'\n {2}OR \(event_source = 'cloudtrail\.amazonaws\.com' AND event_name IN \('StopLogging', /,
  );
  // Without owners the query is as it was: one account, no HAVING.
  const own = activityQuery({ table: "cloudtrail.org_trail", accountId: "111122223333" }, WINDOW);
  assert.match(own, /\n {4}AND recipientaccountid = '111122223333'\n\)/);
  assert.doesNotMatch(own, /HAVING/);
  assert.throws(
    () =>
      activityQuery(
        {
          table: "cloudtrail.org_trail",
          accountId: "111122223333",
          trailOwners: [{ account: "999988887777", home: "eu-west-1' OR 1=1 --" }],
        },
        WINDOW,
      ),
    RangeError,
  );
});

test("a role a call documented to pass one holds under any key naming a role, however wrapped, survives the grouping", () => {
  const sql = activityQuery({ table: "cloudtrail.org_trail" }, WINDOW);
  const pattern = /regexp_extract_all\(requestparameters, '\(\?i\)([^']+)'\)/.exec(sql)?.[1];
  assert.ok(pattern);
  const role = "arn:aws:iam::123456789012:role/passed";
  const calls: [string, string, Record<string, unknown>][] = [
    [
      "dms.amazonaws.com",
      "CreateEndpoint",
      {
        endpointIdentifier: "src",
        postgreSQLSettings: { secretsManagerAccessRoleArn: role, secretsManagerSecretId: "s" },
      },
    ],
    [
      "rds.amazonaws.com",
      "RestoreDBInstanceFromS3",
      { dBInstanceIdentifier: "db", s3IngestionRoleArn: role },
    ],
    ["transfer.amazonaws.com", "CreateServer", { loggingRole: role, protocols: ["SFTP"] }],
    [
      "config.amazonaws.com",
      "PutRemediationConfigurations",
      {
        remediationConfigurations: [
          {
            configRuleName: "r",
            targetId: "AWS-EnableS3BucketEncryption",
            parameters: {
              BucketName: { resourceValue: { value: "RESOURCE_ID" } },
              AutomationAssumeRole: { staticValue: { values: [role] } },
            },
          },
        ],
      },
    ],
  ];
  const passed = (add: (a: ActivityAggregator) => void) => {
    const aggregator = new ActivityAggregator(loadCatalog());
    add(aggregator);
    return aggregator.result().principals[0]?.actions.find((a) => a.action === "iam:PassRole")?.resources;
  };
  for (const [source, name, params] of calls) {
    const summary = summaryFromRow({
      ...ROLE_ROW,
      event_source: source,
      event_name: name,
      resource_arns: "",
      role_parameters: (JSON.stringify(params).match(new RegExp(pattern, "gi")) ?? []).join("\n"),
    });
    assert.ok(typeof summary !== "string");
    // The same call read from a file: what the grouped row must give the role scan too.
    const record = { ...summary.event, requestParameters: params };
    assert.deepEqual(
      passed((a) => a.addEvent(record)),
      [role],
      `${name} from a file`,
    );
    assert.deepEqual(
      passed((a) => a.addSummary(summary)),
      [role],
      name,
    );
  }
});
