import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { type Authorization, createAuthorizer } from "../../../core/engine/activity/authorize.js";
import { itemsFromText } from "../../../core/engine/activity/documents.js";
import { formatPattern } from "../../../core/engine/activity/resources.js";
import { roleDirectory } from "../../../core/engine/activity/role-directory.js";
import type { CloudTrailEvent } from "../../../core/engine/activity/types.js";
import { catalog } from "../../helpers/catalog.js";
import { realData } from "../../helpers/paths.js";

interface DocumentedExample {
  record: CloudTrailEvent;
  /** What AWS documents IAM checks for the call; resources [] where the record names none. */
  authorizations: { action: string; resources: string[] }[] | "no-permission" | "non-api";
}

interface ServiceCorpus {
  service: string;
  /** The AWS page whose CloudTrail examples the records are built from. */
  source: string;
  /** The AWS page that says what each call is authorized as. */
  authorizationSource: string;
  examples: DocumentedExample[];
}

const ACCOUNT = "111122223333";
const WEB = `arn:aws:iam::${ACCOUNT}:role/WebServer`;
const authorize = createAuthorizer(
  catalog,
  roleDirectory([
    {
      name: "WebServer",
      arn: WEB,
      instanceProfiles: [{ name: "WebServer", arn: `arn:aws:iam::${ACCOUNT}:instance-profile/WebServer` }],
    },
  ]),
);

const shape = (list: Authorization[]) =>
  list
    .map((a) => ({ action: a.action.key, resources: [...a.resources].sort() }))
    .sort((a, b) => a.action.localeCompare(b.action));

const folder = realData("aws-docs");
const corpora = readdirSync(folder)
  .filter((f) => f.endsWith(".json"))
  .map((f) => JSON.parse(readFileSync(`${folder}/${f}`, "utf8")) as ServiceCorpus);

test("the documented corpus covers the services AWS documents CloudTrail examples for", () =>
  assert.deepEqual(corpora.map((c) => c.service).sort(), [
    "dynamodb",
    "ec2",
    "ecs",
    "iam",
    "kinesis",
    "kms",
    "lambda",
    "s3",
    "secretsmanager",
    "sns",
    "sqs",
    "ssm",
    "sts",
  ]));

for (const corpus of corpora) {
  describe(`${corpus.service}: records from ${corpus.source}, authorizations per ${corpus.authorizationSource}`, () => {
    for (const { record, authorizations } of corpus.examples) {
      test(`${record.eventSource} ${record.eventName}`, () => {
        const result = authorize(record);
        if (typeof authorizations === "string") {
          assert.equal(result.kind, authorizations);
          return;
        }
        assert.equal(result.kind, "authorizations", JSON.stringify(result));
        if (result.kind !== "authorizations") return;
        const expected = authorizations
          .map((a) => ({ action: a.action, resources: [...a.resources].sort() }))
          .sort((a, b) => a.action.localeCompare(b.action));
        assert.deepEqual(shape(result.authorizations), expected);
      });
    }
  });
}

/** Records of a CloudTrail file as the audit reads them. */
function records(...parts: string[]): CloudTrailEvent[] {
  return itemsFromText(readFileSync(realData(...parts), "utf8"), parts.join("/")).flatMap((i) =>
    i.kind === "event" ? [i.event] : [],
  );
}

describe("the Panther, Stratus Red Team and trailscraper records", () => {
  const corpus = [
    ...records("cloudtrail", "panther", "panther-cloudtrail-records.json"),
    ...readdirSync(realData("cloudtrail", "stratus-red-team"))
      .filter((f) => f.endsWith(".json"))
      .flatMap((f) => records("cloudtrail", "stratus-red-team", f)),
    ...records("cloudtrail", "trailscraper-111111111111_CloudTrail_eu-central-1_20171211T1505Z.json"),
  ];
  const results = corpus.map((record) => ({ record, result: authorize(record) }));

  test("every record is read", () => assert.ok(corpus.length >= 430, String(corpus.length)));

  test("every authorization names a catalog action, on resources of the action's own ARN formats", () => {
    for (const { record, result } of results) {
      if (result.kind !== "authorizations") continue;
      for (const a of result.authorizations) {
        assert.equal(catalog.action(a.action.key), a.action);
        const formats = a.action.resourceTypes.map((rt) => formatPattern(rt.arnFormat));
        for (const arn of a.resources)
          assert.ok(
            formats.some((p) => p.test(arn)),
            `${record.eventName}: ${a.action.key} on ${arn}`,
          );
        assert.ok(
          a.resources.length > 0 || a.unscoped,
          `${record.eventName}: ${a.action.key} has a scope or says it has none`,
        );
      }
    }
  });

  test("a call that names a version is authorized as the version action", () => {
    const versioned = results.filter(
      ({ record }) =>
        record.eventSource === "s3.amazonaws.com" &&
        typeof (record.requestParameters as { versionId?: unknown } | null)?.versionId === "string",
    );
    for (const { result } of versioned) {
      assert.equal(result.kind, "authorizations");
      if (result.kind === "authorizations")
        assert.ok(result.authorizations.every((a) => !/^s3:(Get|Delete)Object$/.test(a.action.key)));
    }
  });

  test("Panther's SSE-KMS CopyObject reads the source, writes the target and asks KMS for a data key", () => {
    const copy = results.find(
      ({ record }) =>
        record.eventName === "CopyObject" &&
        JSON.stringify(record.requestParameters).includes("attacker-key-id"),
    );
    assert.ok(copy && copy.result.kind === "authorizations");
    if (copy?.result.kind !== "authorizations") return;
    assert.deepEqual(shape(copy.result.authorizations), [
      // The source's key, which no record names (inferred: the record does not show whether it has one).
      { action: "kms:Decrypt", resources: [] },
      {
        action: "kms:GenerateDataKey",
        resources: ["arn:aws:kms:us-east-1:999999999999:key/attacker-key-id"],
      },
      { action: "s3:GetObject", resources: ["arn:aws:s3:::victim-data-bucket/important-file.txt"] },
      // The source's tags, copied by default (inferred: the record does not show them).
      { action: "s3:GetObjectTagging", resources: ["arn:aws:s3:::victim-data-bucket/important-file.txt"] },
      {
        // The hand-written record also lists another bucket's object in resources[]: both are kept.
        action: "s3:PutObject",
        resources: [
          "arn:aws:s3:::sample-bucket-quizzical-yalow/important-file.txt",
          "arn:aws:s3:::victim-data-bucket/important-file.txt",
        ],
      },
      {
        action: "s3:PutObjectTagging",
        resources: [
          "arn:aws:s3:::sample-bucket-quizzical-yalow/important-file.txt",
          "arn:aws:s3:::victim-data-bucket/important-file.txt",
        ],
      },
    ]);
  });

  test("every role a record passes is a role ARN, and only write calls pass roles", () => {
    for (const { record, result } of results) {
      if (result.kind !== "authorizations") continue;
      const pass = result.authorizations.find((a) => a.action.key === "iam:PassRole");
      if (!pass) continue;
      assert.equal(pass.inferred, true);
      for (const arn of pass.resources) assert.match(arn, /^arn:aws:iam::\d{12}:role\//, record.eventName);
      const primary = result.authorizations[0]!.action;
      assert.ok(["Write", "Permissions management"].includes(primary.accessLevel), record.eventName);
    }
  });
});
