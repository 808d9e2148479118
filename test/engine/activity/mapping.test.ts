import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  AUTHORIZATION_TABLES,
  NON_API_EVENT_TYPES,
  VERSIONED_EVENT_NAMES,
} from "../../../core/engine/activity/knowledge/authorizations/index.js";
import { EVENT_SOURCE_PREFIXES } from "../../../core/engine/activity/knowledge/service-prefixes.js";
import { createEventMapper, type EventMapping } from "../../../core/engine/activity/mapping.js";
import { loadCatalog } from "../../../core/node/load-catalog.js";

const catalog = loadCatalog();
const map = createEventMapper(catalog);
const sourceOf = (service: string) =>
  Object.entries(EVENT_SOURCE_PREFIXES).find(([, prefix]) => prefix === service)?.[0] ??
  `${service}.amazonaws.com`;

function actions(mapping: EventMapping): string[] {
  assert.equal(mapping.kind, "actions", JSON.stringify(mapping));
  return mapping.kind === "actions" ? mapping.actions.map((a) => a.action.key) : [];
}

describe("events named like their action map to that catalog action", () => {
  test("iam CreateUser → iam:CreateUser", () =>
    assert.deepEqual(actions(map("iam.amazonaws.com", "CreateUser")), ["iam:CreateUser"]));
  test("monitoring PutMetricData → cloudwatch:PutMetricData", () =>
    assert.deepEqual(actions(map("monitoring.amazonaws.com", "PutMetricData")), [
      "cloudwatch:PutMetricData",
    ]));
  test("tagging GetResources → tag:GetResources", () =>
    assert.deepEqual(actions(map("tagging.amazonaws.com", "GetResources")), ["tag:GetResources"]));
  test("pinpoint GetApps → mobiletargeting:GetApps", () =>
    assert.deepEqual(actions(map("pinpoint.amazonaws.com", "GetApps")), ["mobiletargeting:GetApps"]));
  test("ses SendEmail → ses:SendEmail", () =>
    assert.deepEqual(actions(map("ses.amazonaws.com", "SendEmail")), ["ses:SendEmail"]));
});

describe("the issue's named cases", () => {
  const cases: [string, string, string[]][] = [
    ["lambda.amazonaws.com", "GetFunction20150331v2", ["lambda:GetFunction"]],
    ["lambda.amazonaws.com", "Invoke", ["lambda:InvokeFunction"]],
    ["s3.amazonaws.com", "ListObjects", ["s3:ListBucket"]],
    ["s3.amazonaws.com", "ListObjectsV2", ["s3:ListBucket"]],
    ["s3.amazonaws.com", "HeadBucket", ["s3:ListBucket"]],
    ["s3.amazonaws.com", "HeadObject", ["s3:GetObject"]],
    ["s3.amazonaws.com", "PutBucketCors", ["s3:PutBucketCORS"]],
    [
      "s3.amazonaws.com",
      "CopyObject",
      [
        "s3:GetObject",
        "s3:PutObject",
        "s3:GetObjectTagging",
        "s3:PutObjectTagging",
        "kms:Decrypt",
        "kms:GenerateDataKey",
      ],
    ],
    [
      "dynamodb.amazonaws.com",
      "TransactWriteItems",
      ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem"],
    ],
  ];
  for (const [source, name, expected] of cases) {
    test(`${source} ${name} → ${expected.join(" + ")}`, () =>
      assert.deepEqual(actions(map(source, name)), expected));
  }
  test("sts GetCallerIdentity needs no permission", () =>
    assert.equal(map("sts.amazonaws.com", "GetCallerIdentity").kind, "no-permission"));
  test("ConsoleLogin is not an API call", () =>
    assert.equal(map("signin.amazonaws.com", "ConsoleLogin").kind, "non-api"));
  test("an AwsServiceEvent is not a call by the identity", () =>
    assert.equal(
      map("organizations.amazonaws.com", "CreateAccountResult", "AwsServiceEvent").kind,
      "non-api",
    ));
});

describe("each authorization table entry maps as the table says, before its parameters", () => {
  for (const table of AUTHORIZATION_TABLES) {
    for (const entry of table.events) {
      test(`${table.service} ${entry.event}: ${entry.why}`, () => {
        assert.match(entry.source, /^https:\/\/docs\.aws\.amazon\.com\//);
        const mapping = map(sourceOf(table.service), entry.event);
        if (entry.class) {
          assert.equal(mapping.kind, entry.class);
          return;
        }
        const expected = (entry.actions ?? [{ action: `${table.service}:${entry.event}` }]).map(
          (a) => a.action,
        );
        assert.deepEqual(actions(mapping), expected);
        for (const action of expected) assert.equal(catalog.action(action)?.key, action);
      });
    }
  }
});

test("CopyObject reads its copy source and writes its target, and may copy the source's tags and use KMS keys", () => {
  const mapping = map("s3.amazonaws.com", "CopyObject");
  assert.ok(mapping.kind === "actions");
  assert.deepEqual(
    mapping.actions.map((a) => [a.action.key, a.resource, a.inferred ?? false]),
    [
      ["s3:GetObject", "copySource", false],
      ["s3:PutObject", "target", false],
      ["s3:GetObjectTagging", "copySource", true],
      ["s3:PutObjectTagging", "target", true],
      ["kms:Decrypt", "unnamed", true],
      ["kms:GenerateDataKey", "unnamed", true],
    ],
  );
});

describe("each versioned-name rule strips the API version", () => {
  for (const rule of VERSIONED_EVENT_NAMES) {
    test(`${rule.service} ${rule.example}`, () => {
      const mapping = map(sourceOf(rule.service), rule.example);
      assert.deepEqual(actions(mapping), [`${rule.service}:${rule.example.replace(rule.suffix, "")}`]);
    });
  }
  test("a lambda name without a version is left alone", () =>
    assert.deepEqual(actions(map("lambda.amazonaws.com", "ListFunctions")), ["lambda:ListFunctions"]));
});

describe("each non-API event type is classed as such, whatever the event name", () => {
  for (const type of Object.keys(NON_API_EVENT_TYPES)) {
    test(type, () => assert.equal(map("s3.amazonaws.com", "GetObject", type).kind, "non-api"));
  }
});

describe("nothing is invented", () => {
  test("an event name the catalog lacks is unmapped, not guessed", () =>
    assert.deepEqual(map("iam.amazonaws.com", "NotCreateUser"), {
      kind: "unmapped",
      reason: "unknown-action",
    }));
  test("a source that is no known service is unmapped", () =>
    assert.deepEqual(map("example.com", "Anything"), { kind: "unmapped", reason: "unknown-service" }));
  test("source names that are Object.prototype keys are not services", () =>
    assert.deepEqual(map("constructor", "toString"), { kind: "unmapped", reason: "unknown-service" }));
  test("the same event maps to the same result object (memoized)", () =>
    assert.equal(map("iam.amazonaws.com", "GetUser"), map("iam.amazonaws.com", "GetUser")));
});
