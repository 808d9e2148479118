import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type Authorization, createAuthorizer } from "../../../core/engine/activity/authorize.js";
import { AUTHORIZATION_TABLES } from "../../../core/engine/activity/knowledge/authorizations/index.js";
import type { ParameterRule } from "../../../core/engine/activity/knowledge/authorizations/types.js";
import { roleDirectory } from "../../../core/engine/activity/role-directory.js";
import type { CloudTrailEvent } from "../../../core/engine/activity/types.js";
import { serviceCall } from "../../helpers/activity.js";
import { catalog } from "../../helpers/catalog.js";

const ACCOUNT = "123456789012";
const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const authorize = createAuthorizer(catalog);

/** Parameters that name each service's resources, so that every need can be scoped. */
const BASE: Record<string, Record<string, unknown>> = {
  s3: { bucketName: "data", key: "k", "x-amz-copy-source": "src/a.txt" },
  dynamodb: { tableName: "orders" },
  secretsmanager: { name: "prod/db", secretId: "prod/db" },
};

const event = serviceCall;

export function needs(e: CloudTrailEvent, authorizer = authorize): Authorization[] {
  const result = authorizer(e);
  assert.equal(result.kind, "authorizations", JSON.stringify(result));
  return result.kind === "authorizations" ? result.authorizations : [];
}

const keys = (list: Authorization[]) => list.map((a) => a.action.key);

/** A parameter at its path: `a.items.b` nests `{ a: { items: [{ b: value }] } }`, as EC2 records do. */
function at(path: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = path.split(".");
  if (rest.length === 0) return { [head!]: value };
  if (rest[0] === "items") return { [head!]: { items: [at(rest.slice(1).join("."), value)] } };
  return { [head!]: at(rest.join("."), value) };
}

/**
 * A value the rule fires on: a copy source naming a version, a key ARN, a parameter referencing a
 * secret, else a header value.
 */
function valueFor(rule: ParameterRule): string {
  if (rule.matches?.source.includes("ssm")) return "resolve:ssm:/aws/service/ami-amazon-linux-latest/x";
  if (rule.matches?.source.includes("prompt")) return `arn:aws:bedrock:eu-west-1:${ACCOUNT}:prompt/P1:1`;
  if (rule.matches?.source.includes("reference")) return "/aws/reference/secretsmanager/prod/db";
  if (rule.matches?.test("REPLACE")) return "REPLACE";
  if (rule.matches?.test("true")) return "true";
  const verb = ["SELECT", "INSERT", "UPDATE", "DELETE"].find((v) => rule.matches?.test(`${v} "orders"`));
  if (verb) return `${verb} "orders"`;
  if (rule.matches) return "src/a.txt?versionId=3";
  if (rule.add?.some((n) => n.resource === "kmsKey")) return KEY;
  return rule.parameter === "indexName" ? "by-customer" : "on";
}

/**
 * Parameters that call for the rule: its parameter at its path, or, for a rule that reads tags in
 * any shape, a tag specification as CloudTrail writes a Query-API call's (`<Call>Request`).
 */
function calling(rule: ParameterRule, event: string): Record<string, unknown> {
  if (rule.parameter !== undefined) return at(rule.parameter, valueFor(rule));
  const tag = { Key: "team", Value: "web", tag: 1 };
  return { [`${event}Request`]: { TagSpecification: { ResourceType: "x", tag: 1, Tag: tag } } };
}

/** A value the service wrote beside the request that the rule fires on. */
function recordedValue(rule: ParameterRule): string {
  const value = ["SSE_S3", "AES256"].find((v) => rule.matches?.test(v));
  assert.ok(value, `a sample value for ${rule.recorded?.key}`);
  return value;
}

/** The record that calls for the rule: made by its service, with what it recorded, or with its parameters. */
function calledBy(rule: ParameterRule, service: string, name: string, base: Record<string, unknown>) {
  if (rule.invokedBy) return { ...event(service, name, base), userIdentity: { invokedBy: rule.invokedBy } };
  if (rule.recorded)
    return {
      ...event(service, name, base),
      [rule.recorded.field]: { [rule.recorded.key]: recordedValue(rule) },
    };
  return event(service, name, { ...base, ...calling(rule, name) });
}

describe("every parameter rule of every authorization table", () => {
  for (const table of AUTHORIZATION_TABLES) {
    for (const entry of table.events) {
      for (const rule of entry.rules ?? []) {
        const called =
          rule.parameter ??
          (rule.invokedBy
            ? `calls by ${rule.invokedBy}`
            : rule.recorded
              ? `${rule.recorded.field}.${rule.recorded.key}`
              : "tags");
        test(`${table.service} ${entry.event} with ${called}: ${rule.why}`, () => {
          assert.match(rule.source, /^https:\/\/docs\.aws\.amazon\.com\//);
          const base = BASE[table.service] ?? {};
          const without = needs(event(table.service, entry.event, base));
          const withIt = needs(calledBy(rule, table.service, entry.event, base));
          for (const [from, into] of Object.entries(rule.replace ?? {})) {
            assert.ok(keys(without).includes(from), `${from} without ${rule.parameter}`);
            assert.ok(!keys(withIt).includes(from), `${from} is replaced`);
            assert.ok(keys(withIt).includes(into), `${into} with ${rule.parameter}`);
          }
          for (const added of rule.add ?? []) {
            // Without the parameter the call may still have had it (inferred), never certainly.
            assert.ok(
              !without.some((a) => a.action.key === added.action && !a.inferred),
              `${added.action} only with ${rule.parameter}`,
            );
            const found = withIt.find((a) => a.action.key === added.action);
            assert.ok(found, `${added.action} is added`);
            if (added.resource === "kmsKey") assert.deepEqual(found.resources, [KEY]);
          }
          // A need the rule drops is gone, or is the one it adds in its place, on the resource it names.
          for (const dropped of rule.drop ?? [])
            assert.ok(
              withIt.every(
                (a) =>
                  a.action.key !== dropped ||
                  rule.add?.some(
                    (n) => n.action === dropped && n.resource === "kmsKey" && a.resources[0] === KEY,
                  ),
              ),
              `${dropped} is dropped with ${called}`,
            );
          if (rule.drop)
            assert.ok(
              rule.drop.some((d) => keys(without).includes(d)),
              `a need ${rule.parameter} drops is there without it`,
            );
          if (rule.retarget === "index") {
            const index = `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders/index/by-customer`;
            assert.deepEqual(
              withIt.map((a) => a.resources),
              [[index]],
            );
            assert.deepEqual(
              without.map((a) => a.resources),
              [[`arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders`]],
            );
          }
        });
      }
    }
  }
});

describe("these calls need exactly what AWS authorizes", () => {
  const s3 = (name: string, params: Record<string, unknown>) =>
    needs(event("s3", name, { bucketName: "data", key: "k", ...params })).map((a) => [
      a.action.key,
      a.resources,
    ]);
  test("BatchGetSecretValue by filters lists secrets: it needs secretsmanager:ListSecrets too", () => {
    const batch = (params: Record<string, unknown>) =>
      keys(needs(event("secretsmanager", "BatchGetSecretValue", params)));
    assert.deepEqual(batch({ filters: [{ key: "name", values: ["prod/"] }] }), [
      "secretsmanager:BatchGetSecretValue",
      "secretsmanager:ListSecrets",
    ]);
    assert.deepEqual(batch({ secretIdList: ["prod/db"] }), ["secretsmanager:BatchGetSecretValue"]);
  });
  test("a resource created with tags needs the service's tagging permission too", () => {
    const tags = { items: [{ resourceType: "instance", tags: [{ key: "Name", value: "web" }] }] };
    const profile = { arn: `arn:aws:iam::${ACCOUNT}:instance-profile/web` };
    assert.deepEqual(keys(needs(event("ec2", "RunInstances", { tagSpecificationSet: tags }))), [
      "ec2:RunInstances",
      "ec2:CreateTags",
    ]);
    assert.deepEqual(keys(needs(event("ec2", "RunInstances", { iamInstanceProfile: profile }))), [
      "ec2:RunInstances",
      "iam:PassRole",
    ]);
    const image = (imageId: string) => ({ instancesSet: { items: [{ imageId, minCount: 1 }] } });
    assert.deepEqual(keys(needs(event("ec2", "RunInstances", image("resolve:ssm:/golden/ami")))), [
      "ec2:RunInstances",
      "ssm:GetParameters",
    ]);
    assert.deepEqual(keys(needs(event("ec2", "RunInstances", image("ami-0abc")))), ["ec2:RunInstances"]);
    const fn = (params: Record<string, unknown>) =>
      keys(needs(event("lambda", "CreateFunction20150331", { functionName: "f", ...params })));
    assert.deepEqual(fn({ tags: { team: "web" } }), ["lambda:CreateFunction", "lambda:TagResource"]);
    assert.deepEqual(fn({}), ["lambda:CreateFunction"]);
    const tagged = [{ key: "team", value: "web" }];
    const role = needs(event("iam", "CreateRole", { roleName: "app", path: "/ci/", tags: tagged }));
    assert.deepEqual(
      role.map((a) => [a.action.key, a.resources]),
      [
        ["iam:CreateRole", [`arn:aws:iam::${ACCOUNT}:role/ci/app`]],
        ["iam:TagRole", [`arn:aws:iam::${ACCOUNT}:role/ci/app`]],
      ],
    );
    assert.deepEqual(keys(needs(event("iam", "CreateRole", { roleName: "app" }))), ["iam:CreateRole"]);
    assert.deepEqual(keys(needs(event("sqs", "CreateQueue", { queueName: "q", tags: { team: "web" } }))), [
      "sqs:CreateQueue",
      "sqs:TagQueue",
    ]);
    assert.deepEqual(
      keys(needs(event("kms", "CreateKey", { tags: [{ tagKey: "team", tagValue: "web" }] }))),
      ["kms:CreateKey", "kms:TagResource"],
    );
  });
  test("GetObject with a versionId is s3:GetObjectVersion on the object", () =>
    assert.deepEqual(s3("GetObject", { versionId: "v1" }), [
      ["s3:GetObjectVersion", ["arn:aws:s3:::data/k"]],
      ["kms:Decrypt", []],
    ]));
  test("GetObjectAttributes reads the object and its attributes, of the version a versionId names", () => {
    assert.deepEqual(s3("GetObjectAttributes", {}), [
      ["s3:GetObject", ["arn:aws:s3:::data/k"]],
      ["s3:GetObjectAttributes", ["arn:aws:s3:::data/k"]],
    ]);
    assert.deepEqual(s3("GetObjectAttributes", { versionId: "v1" }), [
      ["s3:GetObjectVersion", ["arn:aws:s3:::data/k"]],
      ["s3:GetObjectVersionAttributes", ["arn:aws:s3:::data/k"]],
    ]);
  });
  test("DeleteObject with a versionId is s3:DeleteObjectVersion", () =>
    assert.deepEqual(s3("DeleteObject", { versionId: "v1" }), [
      ["s3:DeleteObjectVersion", ["arn:aws:s3:::data/k"]],
    ]));
  test("CopyObject of a source version reads that version and writes the target, tags and ACL included", () =>
    assert.deepEqual(
      s3("CopyObject", {
        "x-amz-copy-source": "/src/a%20b.txt?versionId=7",
        "x-amz-tagging-directive": "REPLACE",
        "x-amz-tagging": "team=a",
        "x-amz-acl": ["bucket-owner-full-control"],
      }),
      [
        ["s3:GetObjectVersion", ["arn:aws:s3:::src/a b.txt"]],
        ["s3:PutObject", ["arn:aws:s3:::data/k"]],
        ["kms:Decrypt", []],
        ["kms:GenerateDataKey", []],
        ["s3:PutObjectTagging", ["arn:aws:s3:::data/k"]],
        ["s3:PutObjectAcl", ["arn:aws:s3:::data/k"]],
      ],
    ));
  test("CopyObject copies the source's tags by default: their read and write are inferred, kept where granted", () => {
    const copy = (params: Record<string, unknown>) =>
      needs(event("s3", "CopyObject", { bucketName: "data", key: "k", ...params })).map((a) => [
        a.action.key,
        a.resources,
        a.inferred ?? false,
      ]);
    const read = ["s3:GetObject", ["arn:aws:s3:::src/a.txt"], false];
    const write = ["s3:PutObject", ["arn:aws:s3:::data/k"], false];
    const tagsWritten = ["s3:PutObjectTagging", ["arn:aws:s3:::data/k"], true];
    const keys = [
      ["kms:Decrypt", [], true],
      ["kms:GenerateDataKey", [], true],
    ];
    assert.deepEqual(copy({ "x-amz-copy-source": "src/a.txt" }), [
      read,
      write,
      ["s3:GetObjectTagging", ["arn:aws:s3:::src/a.txt"], true],
      tagsWritten,
      ...keys,
    ]);
    assert.deepEqual(copy({ "x-amz-copy-source": "src/a.txt?versionId=7" }), [
      ["s3:GetObjectVersion", ["arn:aws:s3:::src/a.txt"], false],
      write,
      ["s3:GetObjectTagging", ["arn:aws:s3:::src/a.txt"], true],
      tagsWritten,
      ...keys,
      ["s3:GetObjectVersionTagging", ["arn:aws:s3:::src/a.txt"], true],
    ]);
    // REPLACE: the source's tags are not read; the request's may be in a header the record lacks.
    assert.deepEqual(copy({ "x-amz-copy-source": "src/a.txt", "x-amz-tagging-directive": ["REPLACE"] }), [
      read,
      write,
      tagsWritten,
      ...keys,
    ]);
  });
  test("a launch from a template needs what the template may hold, and Auto Scaling needs ec2:RunInstances", () => {
    const launch = (source: string, name: string, params: Record<string, unknown>) =>
      needs(event(source, name, params)).map((a) => `${a.action.key}${a.inferred ? "?" : ""}`);
    const template = { launchTemplateId: "lt-0abc", version: "3" };
    const mayHold = ["ec2:CreateTags?", "ssm:GetParameters?", "iam:PassRole?"];
    const group = { autoScalingGroupName: "web", minSize: 1, maxSize: 2 };
    const slr = "iam:CreateServiceLinkedRole?";
    assert.deepEqual(
      launch("autoscaling", "CreateAutoScalingGroup", { ...group, launchTemplate: template }),
      ["autoscaling:CreateAutoScalingGroup", "ec2:RunInstances", ...mayHold, slr],
    );
    const mixed = { launchTemplate: { launchTemplateSpecification: template, overrides: [] } };
    assert.deepEqual(
      launch("autoscaling", "UpdateAutoScalingGroup", { ...group, mixedInstancesPolicy: mixed }),
      ["autoscaling:UpdateAutoScalingGroup", "ec2:RunInstances", ...mayHold],
    );
    // A launch configuration: Auto Scaling checks nothing of EC2 on the caller.
    assert.deepEqual(
      launch("autoscaling", "CreateAutoScalingGroup", { ...group, launchConfigurationName: "lc" }),
      ["autoscaling:CreateAutoScalingGroup", slr],
    );
    const configs = { LaunchTemplateSpecification: { LaunchTemplateId: "lt-0abc", Version: 3 }, tag: 1 };
    assert.deepEqual(
      launch("ec2", "CreateFleet", {
        CreateFleetRequest: { Type: "instant", LaunchTemplateConfigs: configs },
      }),
      ["ec2:CreateFleet", "ec2:RunInstances?", ...mayHold],
    );
    const spot = {
      iamFleetRole: "arn:aws:iam::123456789012:role/fleet",
      launchTemplateConfigs: { items: [{}] },
    };
    assert.deepEqual(launch("ec2", "RequestSpotFleet", { spotFleetRequestConfig: spot }), [
      "ec2:RequestSpotFleet",
      ...mayHold,
      "iam:PassRole?",
    ]);
    assert.deepEqual(launch("ec2", "RunInstances", { launchTemplate: template }), [
      "ec2:RunInstances",
      ...mayHold,
    ]);
  });
  test("PutObject with SSE-KMS needs kms:GenerateDataKey on that key", () =>
    assert.deepEqual(s3("PutObject", { "x-amz-server-side-encryption-aws-kms-key-id": KEY }), [
      ["s3:PutObject", ["arn:aws:s3:::data/k"]],
      ["kms:GenerateDataKey", [KEY]],
    ]));
  test("an object's KMS key is inferred: read needs kms:Decrypt, write kms:GenerateDataKey, on a key no record names", () => {
    const call = (name: string, params: Record<string, unknown>, beside: Partial<CloudTrailEvent> = {}) =>
      needs({ ...event("s3", name, { bucketName: "data", key: "k", ...params }), ...beside })
        .filter((a) => a.action.service === "kms")
        .map((a) => [a.action.key, a.resources, a.unscoped, a.inferred ?? false]);
    const decrypt = ["kms:Decrypt", [], true, true];
    const dataKey = ["kms:GenerateDataKey", [], true, true];
    assert.deepEqual(call("GetObject", {}), [decrypt]);
    assert.deepEqual(call("GetObject", { versionId: "v1" }), [decrypt]);
    assert.deepEqual(call("SelectObjectContent", {}), [decrypt]);
    assert.deepEqual(call("HeadObject", {}), []);
    assert.deepEqual(call("PutObject", {}), [dataKey]);
    assert.deepEqual(call("UploadPart", { uploadId: "u", partNumber: "1" }), [dataKey, decrypt]);
    assert.deepEqual(call("CompleteMultipartUpload", { uploadId: "u" }), [dataKey, decrypt]);
    assert.deepEqual(call("UploadPartCopy", { "x-amz-copy-source": "src/a.txt" }), [decrypt, dataKey]);
    // What S3 says it applied: its own keys or the caller's need no KMS key; a KMS key (by default
    // or by header, SSE-KMS or DSSE-KMS) is the one inferred.
    const applied = (value: string) => ({ additionalEventData: { SSEApplied: value } });
    assert.deepEqual(call("PutObject", {}, applied("SSE_S3")), []);
    assert.deepEqual(call("PutObject", {}, applied("Default_SSE_S3")), []);
    assert.deepEqual(call("PutObject", {}, applied("SSE_C")), []);
    assert.deepEqual(call("PutObject", {}, applied("Default_SSE_KMS")), [dataKey]);
    assert.deepEqual(call("GetObject", {}, applied("SSE_S3")), []);
    assert.deepEqual(call("GetObject", {}, applied("SSE_KMS")), [decrypt]);
    const response = (value: string) => ({ responseElements: { "x-amz-server-side-encryption": value } });
    assert.deepEqual(call("PutObject", {}, response("AES256")), []);
    assert.deepEqual(call("PutObject", {}, response("aws:kms:dsse")), [dataKey]);
    assert.deepEqual(call("CreateMultipartUpload", {}, applied("SSE_S3")), []);
    // A copy's record says how the new object is encrypted: the source may still be SSE-KMS.
    assert.deepEqual(call("CopyObject", { "x-amz-copy-source": "src/a.txt" }, applied("SSE_S3")), [decrypt]);
    // The key the request names is the one used, for certain, and the only one.
    const named = {
      "x-amz-server-side-encryption": "aws:kms:dsse",
      "x-amz-server-side-encryption-aws-kms-key-id": KEY,
    };
    assert.deepEqual(call("PutObject", named, applied("SSE_KMS")), [
      ["kms:GenerateDataKey", [KEY], false, false],
    ]);
    assert.deepEqual(call("CreateMultipartUpload", named), [
      ["kms:GenerateDataKey", [KEY], false, false],
      ["kms:Decrypt", [KEY], false, false],
    ]);
    assert.deepEqual(call("CopyObject", { ...named, "x-amz-copy-source": "src/a.txt" }), [
      decrypt,
      ["kms:GenerateDataKey", [KEY], false, false],
    ]);
  });
  test("an empty header asks for nothing more", () =>
    assert.deepEqual(s3("PutObject", { "x-amz-tagging": "", "x-amz-acl": [] }), [
      ["s3:PutObject", ["arn:aws:s3:::data/k"]],
      ["kms:GenerateDataKey", []],
    ]));
  test("a KMS alias names no key: the data key permission stays unscoped", () => {
    const found = needs(
      event("s3", "PutObject", {
        bucketName: "d",
        key: "k",
        "x-amz-server-side-encryption-aws-kms-key-id": "alias/app",
      }),
    ).find((a) => a.action.key === "kms:GenerateDataKey");
    assert.deepEqual([found?.resources, found?.unscoped], [[], true]);
  });
  test("a Lambda alias invocation is authorized on the alias ARN", () =>
    assert.deepEqual(
      needs(event("lambda", "Invoke", { functionName: "api", qualifier: "live" })).map((a) => a.resources),
      [[`arn:aws:lambda:eu-west-1:${ACCOUNT}:function:api:live`]],
    ));
  test("a role directory resolves nothing it does not know", () => {
    const directory = roleDirectory([]);
    assert.equal(directory.roleNamed("x"), undefined);
    assert.equal(directory.rolesOfInstanceProfile("x"), undefined);
  });
});
