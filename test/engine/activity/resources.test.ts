import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { ResourceRole } from "../../../core/engine/activity/knowledge/authorizations/types.js";
import { formatPattern, resourceCandidates, resourcesFor } from "../../../core/engine/activity/resources.js";
import type { CloudTrailEvent } from "../../../core/engine/activity/types.js";
import { loadCatalog } from "../../../core/node/load-catalog.js";

const catalog = loadCatalog();
const ACCOUNT = "123456789012";

function event(source: string, name: string, requestParameters: Record<string, unknown>): CloudTrailEvent {
  return {
    eventSource: `${source}.amazonaws.com`,
    eventName: name,
    eventTime: "2026-11-01T00:00:00Z",
    awsRegion: "eu-west-1",
    recipientAccountId: ACCOUNT,
    requestParameters,
  };
}

function resources(action: string, e: CloudTrailEvent, service: string, role: ResourceRole = "target") {
  return resourcesFor(catalog.action(action)!, role, resourceCandidates(e, service));
}

describe("resource ARNs derived from requestParameters, one case per deriver", () => {
  test("s3: an object action gets the object, a bucket action the bucket", () => {
    const e = event("s3", "GetObject", { bucketName: "data", key: "a/b.csv" });
    assert.deepEqual(resources("s3:GetObject", e, "s3"), ["arn:aws:s3:::data/a/b.csv"]);
    assert.deepEqual(resources("s3:ListBucket", e, "s3"), ["arn:aws:s3:::data"]);
  });
  test("s3: a copy's source comes from x-amz-copy-source, URL-decoded, version dropped", () => {
    const e = event("s3", "CopyObject", {
      bucketName: "dst",
      key: "k",
      "x-amz-copy-source": "/src/a%20b.txt?versionId=1",
    });
    assert.deepEqual(resources("s3:GetObject", e, "s3", "copySource"), ["arn:aws:s3:::src/a b.txt"]);
    assert.deepEqual(resources("s3:PutObject", e, "s3"), ["arn:aws:s3:::dst/k"]);
  });
  test("dynamodb: the table", () =>
    assert.deepEqual(
      resources("dynamodb:GetItem", event("dynamodb", "GetItem", { tableName: "orders" }), "dynamodb"),
      [`arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders`],
    ));
  test("dynamodb: every table a transaction's items name, whatever the record's resources list", () => {
    const table = (name: string) => `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/${name}`;
    const e = event("dynamodb", "TransactWriteItems", {
      transactItems: [
        { put: { tableName: "orders", item: {} } },
        { update: { TableName: "stock", key: {} } },
        { conditionCheck: { tableName: "orders", key: {} } },
        { delete: { tableName: "audit" } },
        null,
        { put: "not an object" },
      ],
    });
    e.resources = [{ ARN: table("orders"), type: "AWS::DynamoDB::Table" }];
    assert.deepEqual(resources("dynamodb:UpdateItem", e, "dynamodb"), [
      table("orders"),
      table("stock"),
      table("audit"),
    ]);
  });
  test("dynamodb: every table a batch's request items name, whatever the record's resources list", () => {
    const table = (name: string) => `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/${name}`;
    const write = event("dynamodb", "BatchWriteItem", {
      requestItems: { orders: [{ putRequest: { item: {} } }], [table("stock")]: [{ deleteRequest: {} }] },
    });
    write.resources = [{ ARN: table("orders"), type: "AWS::DynamoDB::Table" }];
    assert.deepEqual(resources("dynamodb:BatchWriteItem", write, "dynamodb"), [
      table("orders"),
      table("stock"),
    ]);
    // The same items as a list of tables, and a PartiQL batch's statements, which name none this way.
    const read = event("dynamodb", "BatchGetItem", {
      requestItems: [{ tableName: "orders", keys: [] }, { tableName: "audit" }, { statement: "SELECT" }],
    });
    assert.deepEqual(resources("dynamodb:BatchGetItem", read, "dynamodb"), [table("orders"), table("audit")]);
  });
  test("lambda: the function from a name, a partial ARN or an ARN; a qualifier stays on the ARN", () => {
    const fn = `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:api`;
    // `$LATEST` keeps the function's ARN too: no AWS page says which of the two an Allow must name.
    const latest = [`${fn}:$LATEST`, fn];
    const cases: [Record<string, string>, string[]][] = [
      [{ functionName: "api" }, [fn]],
      [{ functionName: fn }, [fn]],
      [{ functionName: `${ACCOUNT}:function:api:live` }, [`${fn}:live`]],
      [{ functionName: `${fn}:3` }, [`${fn}:3`]],
      [{ functionName: "api", qualifier: "prod" }, [`${fn}:prod`]],
      [{ functionName: "api:$LATEST" }, latest],
      [{ functionName: "api", qualifier: "$LATEST" }, latest],
    ];
    for (const [params, arns] of cases) {
      const e = event("lambda", "Invoke", params);
      assert.deepEqual(resources("lambda:InvokeFunction", e, "lambda", "qualified"), arns);
      // Every other function action is authorized on the function, whatever the qualifier.
      assert.deepEqual(resources("lambda:GetFunction", e, "lambda"), [fn]);
    }
  });
  test("sqs: the queue from its URL", () =>
    assert.deepEqual(
      resources(
        "sqs:SendMessage",
        event("sqs", "SendMessage", { queueUrl: `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/jobs` }),
        "sqs",
      ),
      [`arn:aws:sqs:eu-west-1:${ACCOUNT}:jobs`],
    ));
  test("sns: the topic ARN", () => {
    const topic = `arn:aws:sns:eu-west-1:${ACCOUNT}:alerts`;
    assert.deepEqual(resources("sns:Publish", event("sns", "Publish", { topicArn: topic }), "sns"), [topic]);
  });
  test("kms: a key id names the key", () =>
    assert.deepEqual(resources("kms:Decrypt", event("kms", "Decrypt", { keyId: "1234abcd-12ab" }), "kms"), [
      `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab`,
    ]));
  test("kms: an alias names no key, so a key action stays unscoped; an alias action gets the alias", () => {
    const e = event("kms", "CreateAlias", { keyId: "alias/app" });
    assert.deepEqual(resources("kms:Decrypt", e, "kms"), []);
    assert.deepEqual(resources("kms:CreateAlias", e, "kms"), [`arn:aws:kms:eu-west-1:${ACCOUNT}:alias/app`]);
  });
  test("secretsmanager: a name becomes IAM's NAME-?????? pattern; an ARN is kept", () => {
    const e = event("secretsmanager", "GetSecretValue", { secretId: "prod/db" });
    assert.deepEqual(resources("secretsmanager:GetSecretValue", e, "secretsmanager"), [
      `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:prod/db-??????`,
    ]);
  });
  test("secretsmanager: a partial ARN gets the pattern of its full ARN, in every call naming a secret", () => {
    const partial = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:prod/db`;
    for (const [name, action] of [
      ["GetSecretValue", "secretsmanager:GetSecretValue"],
      ["DescribeSecret", "secretsmanager:DescribeSecret"],
      ["PutSecretValue", "secretsmanager:PutSecretValue"],
    ]) {
      const e = event("secretsmanager", name!, { secretId: partial });
      assert.deepEqual(resources(action!, e, "secretsmanager"), [`${partial}-??????`], name);
    }
  });
  test("secretsmanager: an ARN ending in a hyphen and six characters is complete; a name so ending is not", () => {
    const full = `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:prod/db-AbC123`;
    const read = (secretId: string) =>
      resources(
        "secretsmanager:GetSecretValue",
        event("secretsmanager", "GetSecretValue", { secretId }),
        "secretsmanager",
      );
    assert.deepEqual(read(full), [full]);
    assert.deepEqual(read("prod/db-AbC123"), [`${full}-??????`]);
  });
  test("ssm: one parameter or several, leading slash removed", () =>
    assert.deepEqual(
      resources("ssm:GetParameters", event("ssm", "GetParameters", { names: ["/app/a", "b"] }), "ssm"),
      [`arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/app/a`, `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/b`],
    ));
  test("ssm: a version or label selector names the parameter itself", () =>
    assert.deepEqual(
      resources(
        "ssm:GetParameters",
        event("ssm", "GetParameters", {
          names: ["/app/a:3", "b:prod", `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/c/d:live`],
        }),
        "ssm",
      ),
      [
        `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/app/a`,
        `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/b`,
        `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/c/d`,
      ],
    ));
  test("sts: the role assumed", () => {
    const role = `arn:aws:iam::${ACCOUNT}:role/deploy`;
    assert.deepEqual(resources("sts:AssumeRole", event("sts", "AssumeRole", { roleArn: role }), "sts"), [
      role,
    ]);
  });
});

describe("resources[] and the catalog's ARN formats", () => {
  test("listed resources are kept only for the action's resource types", () => {
    const e: CloudTrailEvent = {
      ...event("s3", "GetObject", {}),
      resources: [
        { ARN: "arn:aws:s3:::b/k", type: "AWS::S3::Object" },
        { ARN: "arn:aws:s3:::b", type: "AWS::S3::Bucket" },
      ],
    };
    assert.deepEqual(resources("s3:GetObject", e, "s3"), ["arn:aws:s3:::b/k"]);
  });
  test("an action that takes only * gets no resource", () =>
    assert.deepEqual(
      resources("s3:ListAllMyBuckets", event("s3", "ListBuckets", { bucketName: "x" }), "s3"),
      [],
    ));
  test("without region or account, names cannot become ARNs", () => {
    const e = { ...event("dynamodb", "GetItem", { tableName: "t" }), recipientAccountId: undefined };
    assert.deepEqual(resources("dynamodb:GetItem", e, "dynamodb"), []);
  });
  test("format variables stay within one segment unless they hold paths", () => {
    assert.ok(formatPattern("arn:${Partition}:s3:::${BucketName}").test("arn:aws:s3:::b"));
    assert.ok(!formatPattern("arn:${Partition}:s3:::${BucketName}").test("arn:aws:s3:::b/k"));
    assert.ok(
      formatPattern("arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}").test(
        "arn:aws:iam::1:role/a/b",
      ),
    );
  });
});

test("a derived resource is in the partition of the record's region, an isolated one included", () => {
  // The AWS SDK's partition table: eu-isoe-* is aws-iso-e, us-isof-* aws-iso-f, eusc-* aws-eusc.
  const cases: [string, string][] = [
    ["eu-west-1", "aws"],
    ["cn-north-1", "aws-cn"],
    ["us-gov-west-1", "aws-us-gov"],
    ["us-iso-east-1", "aws-iso"],
    ["us-isob-east-1", "aws-iso-b"],
    ["eu-isoe-west-1", "aws-iso-e"],
    ["us-isof-south-1", "aws-iso-f"],
    ["eusc-de-east-1", "aws-eusc"],
  ];
  for (const [region, partition] of cases) {
    const e = { ...event("dynamodb", "GetItem", { tableName: "orders" }), awsRegion: region };
    assert.deepEqual(
      resources("dynamodb:GetItem", e, "dynamodb"),
      [`arn:${partition}:dynamodb:${region}:${ACCOUNT}:table/orders`],
      region,
    );
  }
});
