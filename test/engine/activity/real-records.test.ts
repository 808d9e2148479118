import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { ActivityAggregator } from "../../../core/engine/activity/aggregate.js";
import { itemsFromText } from "../../../core/engine/activity/documents.js";
import { createEventMapper } from "../../../core/engine/activity/mapping.js";
import { loadCatalog } from "../../../core/node/load-catalog.js";
import { realData } from "../../helpers/paths.js";

const catalog = loadCatalog();
const map = createEventMapper(catalog);
const read = (...parts: string[]) => readFileSync(realData(...parts), "utf8");

describe("the Panther CloudTrail corpus (436 real and hand-written records)", () => {
  const records = JSON.parse(read("cloudtrail", "panther", "panther-cloudtrail-records.json")).Records as {
    eventSource?: string;
    eventName?: string;
    eventType?: string;
  }[];
  const mappings = records.map((r) => ({
    record: r,
    mapping: map(r.eventSource ?? "", r.eventName ?? "", r.eventType),
  }));

  test("has 436 records", () => assert.equal(records.length, 436));

  test("every mapped action exists in the catalog", () => {
    for (const { mapping } of mappings) {
      if (mapping.kind !== "actions") continue;
      assert.ok(mapping.actions.length > 0);
      for (const { action } of mapping.actions) assert.equal(catalog.action(action.key), action);
    }
  });

  test("records map to actions, no-permission or non-API, except the fixtures that are not AWS events", () => {
    const unmapped = mappings
      .filter(({ mapping }) => mapping.kind === "unmapped")
      .map(({ record }) => `${record.eventSource ?? "(no eventSource)"} ${record.eventName}`);
    // Panther's rule tests include events AWS never emits (iam:NotCreateUser, S3 calls under
    // ec2.amazonaws.com, Macie Classic, records without an eventSource). Mapping them to an action
    // would invent one; they are reported as unmapped instead.
    assert.deepEqual([...new Set(unmapped)].sort(), [
      "(no eventSource) ConsoleLogin",
      "(no eventSource) CreateAccount",
      "(no eventSource) CreateUser",
      "(no eventSource) DeleteBucket",
      "(no eventSource) DeleteObject",
      "cloudtrail.amazonaws.com DeleteRule",
      "cloudtrail.amazonaws.com DescribeTrail",
      "cloudtrail.amazonaws.com EnableRegion",
      "ec2.amazonaws.com DeleteBucketEncryption",
      "ec2.amazonaws.com DeleteBucketPublicAccessBlock",
      "ec2.amazonaws.com DeleteBucketReplication",
      "ec2.amazonaws.com PutBucketLogging",
      "ec2.amazonaws.com PutBucketVersioning",
      "ec2.amazonaws.com RegisterManagedInstance",
      "ec2messages.amazonaws.com SendHeartbeat",
      "iam.amazonaws.com DescribePolicy",
      "iam.amazonaws.com DetachUserGroup",
      "iam.amazonaws.com NotCreateUser",
      "iam.amazonaws.com PutPolicy",
      "macie.amazonaws.com UpdateMacieSession",
      "s3.amazonaws.com CreateServiceLinkedRole",
      "s3.amazonaws.com SetQueueAttributes",
    ]);
    const count = (kind: string) => mappings.filter(({ mapping }) => mapping.kind === kind).length;
    assert.deepEqual(
      { actions: count("actions"), noPermission: count("no-permission"), nonApi: count("non-api") },
      { actions: 363, noPermission: 7, nonApi: 43 },
    );
  });

  test("no record maps to an action trailscraper found missing from IAM, unless IAM has since added it", () => {
    const unknown = new Set(
      read("trailscraper", "unknown_actions.txt")
        .split("\n")
        .map((line) => line.trim().toLowerCase())
        .filter(Boolean),
    );
    const hits = new Set<string>();
    for (const { mapping } of mappings) {
      if (mapping.kind !== "actions") continue;
      for (const { action } of mapping.actions)
        if (unknown.has(action.key.toLowerCase())) hits.add(action.key);
    }
    // The list dates from before Secrets Manager was documented in the IAM reference; the catalog
    // has the action today, so the mapping is right and the list is stale for this one entry.
    assert.deepEqual([...hits], ["secretsmanager:GetSecretValue"]);
    assert.ok(catalog.action("secretsmanager:GetSecretValue"));
  });

  test("an assumed role's calls are attributed to the role, not the session", () => {
    const aggregator = new ActivityAggregator(catalog);
    for (const item of itemsFromText(
      read("cloudtrail", "panther", "panther-cloudtrail-records.json"),
      "panther",
    )) {
      aggregator.add(item);
    }
    const result = aggregator.result();
    assert.ok(result.principals.every((p) => !p.principal.id.includes(":assumed-role/")));
    assert.ok(result.principals.some((p) => p.principal.kind === "role"));
    assert.ok(result.external.some((p) => p.principal.kind === "aws-account"));
  });
});

describe("the Stratus Red Team captures", () => {
  for (const name of [
    "aws.credential-access.secretsmanager-retrieve-secrets.json",
    "aws.defense-evasion.cloudtrail-delete.json",
    "aws.execution.ec2-user-data.json",
    "aws.exfiltration.ec2-share-ebs-snapshot.json",
  ]) {
    test(`${name} loads, and its events map to catalog actions`, () => {
      const items = [...itemsFromText(read("cloudtrail", "stratus-red-team", name), name)];
      assert.ok(items.length > 0);
      assert.deepEqual(
        items.filter((i) => i.kind === "warning"),
        [],
      );
      const aggregator = new ActivityAggregator(catalog);
      for (const item of items) aggregator.add(item);
      const result = aggregator.result();
      assert.deepEqual(result.unmapped, []);
      const actions = result.principals.flatMap((p) => p.actions.map((a) => a.action));
      assert.ok(actions.length > 0);
      for (const action of actions) assert.ok(catalog.action(action), action);
    });
  }
});
