import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { ActivityAggregator } from "../../../core/engine/activity/aggregate.js";
import { type Authorization, createAuthorizer } from "../../../core/engine/activity/authorize.js";
import {
  CREATING_ACCESS_LEVELS,
  CREATING_PREFIXES,
  NOT_TAG_ADDING,
  TAG_PARAMETERS,
  TAGS_IN_NAME,
} from "../../../core/engine/activity/knowledge/tags-at-creation.js";
import {
  carriesTags,
  TAG_PARAMETER_PATTERN,
  tagAddingActions,
} from "../../../core/engine/activity/tags-at-creation.js";
import type { CloudTrailEvent } from "../../../core/engine/activity/types.js";
import { serviceCall } from "../../helpers/activity.js";
import { catalog } from "../../helpers/catalog.js";

const ACCOUNT = "123456789012";
const authorize = createAuthorizer(catalog);
const TAGS = [{ key: "team", value: "web" }];

const event = serviceCall;

function needs(e: CloudTrailEvent): [string, string[], boolean][] {
  const result = authorize(e);
  assert.equal(result.kind, "authorizations", JSON.stringify(result));
  const list: Authorization[] = result.kind === "authorizations" ? result.authorizations : [];
  return list.map((a) => [a.action.key, a.resources, a.unscoped]);
}

const keys = (e: CloudTrailEvent) => needs(e).map(([key]) => key);

describe("a creating call of a service no table knows, made with tags, needs the service's tagging action", () => {
  test("rds:CreateDBInstance with tags needs rds:AddTagsToResource, unscoped when the record names no instance", () => {
    assert.deepEqual(needs(event("rds", "CreateDBInstance", { dBInstanceIdentifier: "db1", tags: TAGS })), [
      ["rds:CreateDBInstance", [], true],
      ["rds:AddTagsToResource", [], true],
    ]);
    assert.deepEqual(keys(event("rds", "CreateDBInstance", { dBInstanceIdentifier: "db1" })), [
      "rds:CreateDBInstance",
    ]);
  });

  test("on the resource the record names, when it names one the tagging action takes", () => {
    const db = `arn:aws:rds:eu-west-1:${ACCOUNT}:db:db1`;
    assert.deepEqual(needs(event("rds", "CreateDBInstance", { tags: TAGS }, [db])), [
      ["rds:CreateDBInstance", [db], false],
      ["rds:AddTagsToResource", [db], false],
    ]);
    // S3's tagging actions are of buckets, objects, jobs: only those of the bucket created.
    assert.deepEqual(
      needs(event("s3", "CreateBucket", { bucketName: "b", CreateBucketConfiguration: { Tags: TAGS } })),
      [
        ["s3:CreateBucket", ["arn:aws:s3:::b"], false],
        ["s3:PutBucketTagging", ["arn:aws:s3:::b"], false],
        ["s3:TagResource", ["arn:aws:s3:::b"], false],
      ],
    );
  });

  test("tag keys in any case and nested in the request count; empty ones do not", () => {
    const template = {
      launchTemplateData: { TagSpecifications: [{ ResourceType: "instance", Tags: TAGS }] },
    };
    assert.deepEqual(keys(event("ec2", "CreateLaunchTemplate", template)), [
      "ec2:CreateLaunchTemplate",
      "ec2:CreateTags",
    ]);
    assert.deepEqual(keys(event("logs", "CreateLogGroup", { logGroupName: "g", Tags: { team: "web" } })), [
      "logs:CreateLogGroup",
      "logs:TagLogGroup",
      "logs:TagResource",
    ]);
    for (const empty of [[], {}, "", null])
      assert.deepEqual(keys(event("rds", "CreateDBInstance", { tags: empty, tagList: empty })), [
        "rds:CreateDBInstance",
      ]);
  });

  test("calls that create nothing, and tagging calls themselves, need nothing more", () => {
    assert.deepEqual(keys(event("rds", "DescribeDBInstances", { tags: TAGS })), ["rds:DescribeDBInstances"]);
    assert.deepEqual(keys(event("rds", "ModifyDBInstance", { tags: TAGS })), ["rds:ModifyDBInstance"]);
    assert.deepEqual(keys(event("rds", "AddTagsToResource", { tags: TAGS })), ["rds:AddTagsToResource"]);
  });

  test("a table's own tagging rule is kept, and the general rule adds nothing beside it", () => {
    assert.deepEqual(keys(event("ecs", "CreateCluster", { clusterName: "c", tags: TAGS })), [
      "ecs:CreateCluster",
      "ecs:TagResource",
    ]);
    // The table's rule adds CreateTags; the general rule does not add it a second time.
    assert.deepEqual(keys(event("ec2", "CreateVpc", { TagSpecifications: TAGS })), [
      "ec2:CreateVpc",
      "ec2:CreateTags",
    ]);
  });

  test("EC2's Query-API calls carry tags in `<Call>Request.TagSpecification`: one, several or numbered", () => {
    const tag = (n: number) => ({ Key: `k${n}`, Value: "v", tag: n });
    const spec = (ResourceType: string, n = 1) => ({ ResourceType, tag: n, Tag: tag(1) });
    // CreateFleet's table rule and CreateLaunchTemplate's general one read the same shapes.
    for (const name of ["CreateFleet", "CreateLaunchTemplate", "CreateTransitGateway"]) {
      const request = (body: Record<string, unknown>) =>
        keys(event("ec2", name, { [`${name}Request`]: body }));
      const created = [`ec2:${name}`, "ec2:CreateTags"];
      assert.deepEqual(request({ TagSpecification: spec("x") }), created);
      assert.deepEqual(request({ TagSpecification: [spec("x"), spec("y", 2)] }), created);
      assert.deepEqual(
        request({ TagSpecification: { ResourceType: "x", tag: 1, Tag: [tag(1), tag(2)] } }),
        created,
      );
      assert.deepEqual(request({ "TagSpecification.1": { ResourceType: "x", "Tag.1": tag(1) } }), created);
      // List members are numbered with `tag` too: a number is no tag.
      assert.deepEqual(request({ SecurityGroupId: [{ tag: 1, content: "sg-1" }] }), [`ec2:${name}`]);
      assert.deepEqual(request({ TagSpecification: {} }), [`ec2:${name}`]);
    }
  });

  test("a refused creating call leaves its tagging action refused too, as a table's rule does", () => {
    const aggregator = new ActivityAggregator(catalog);
    const identity = { type: "IAMUser", arn: `arn:aws:iam::${ACCOUNT}:user/ci`, accountId: ACCOUNT };
    const create = { ...event("rds", "CreateDBInstance", { tags: TAGS }), userIdentity: identity };
    aggregator.addEvent({ ...create, errorCode: "AccessDenied" });
    const actions = aggregator.result().principals[0]?.actions ?? [];
    assert.deepEqual(
      actions.map((a) => [a.action, a.count, a.denied]),
      [
        ["rds:AddTagsToResource", 0, 1],
        ["rds:CreateDBInstance", 0, 1],
      ],
    );
  });
});

describe("the tags-at-creation tables", () => {
  test("are not empty", () => {
    for (const table of [CREATING_PREFIXES, CREATING_ACCESS_LEVELS, TAG_PARAMETERS])
      assert.ok(table.length > 0);
  });
  for (const prefix of CREATING_PREFIXES)
    test(`${prefix} begins some Write action of the catalog`, () =>
      assert.ok(catalog.actions.some((a) => a.accessLevel === "Write" && a.name.startsWith(prefix))));
  for (const level of CREATING_ACCESS_LEVELS)
    test(`${level} is a catalog access level`, () =>
      assert.ok(catalog.actions.some((a) => a.accessLevel === level)));
  for (const key of TAG_PARAMETERS)
    test(`${key} is written in lower case and read in any case`, () => {
      assert.equal(key, key.toLowerCase());
      assert.ok(carriesTags({ [key.toUpperCase()]: TAGS }));
    });
  test("tag-adding actions add tags: none removes or lists them", () => {
    const adding = catalog.services.flatMap((s) => tagAddingActions(catalog, s.prefix));
    assert.ok(adding.length > 100);
    for (const a of adding) {
      assert.equal(a.accessLevel, "Tagging", a.key);
      assert.doesNotMatch(a.name, /^(?:Untag|UnTag|Remove|Delete|List|Replicate)/, a.key);
    }
    assert.deepEqual(
      tagAddingActions(catalog, "rds").map((a) => a.key),
      ["rds:AddTagsToResource"],
    );
  });

  test("tag-adding actions are found by access level, whatever their names", () => {
    for (const [service, key] of [
      ["route53", "route53:ChangeTagsForResource"],
      ["inspector", "inspector:SetTagsForResource"],
      ["route53domains", "route53domains:UpdateTagsForDomain"],
      ["elasticbeanstalk", "elasticbeanstalk:UpdateTagsForResource"],
    ])
      assert.ok(
        tagAddingActions(catalog, service!).some((a) => a.key === key),
        `${key} in ${tagAddingActions(catalog, service!).map((a) => a.key)}`,
      );
    assert.deepEqual(
      tagAddingActions(catalog, "route53domains").map((a) => a.key),
      ["route53domains:UpdateTagsForDomain"],
      "DeleteTagsForDomain removes them",
    );
  });

  test("every Tagging-level action is one that adds tags or one that removes, lists or copies them", () => {
    const adding = new Set(catalog.services.flatMap((s) => tagAddingActions(catalog, s.prefix)));
    for (const a of catalog.actions)
      if (a.accessLevel === "Tagging" && !adding.has(a) && TAGS_IN_NAME.test(a.name))
        assert.match(a.name, NOT_TAG_ADDING, `${a.key} neither adds tags nor is named as not adding them`);
    assert.ok(!adding.has(catalog.action("kinesis:CreateChannel")!), "a creating call filed under Tagging");
  });
});

describe("the Athena query's pattern agrees with carriesTags (sync)", () => {
  const athena = new RegExp(TAG_PARAMETER_PATTERN.replace("(?i)", ""), "i");
  test("on hand-picked requests", () => {
    const cases: Record<string, unknown>[] = [
      { tags: TAGS },
      { Tags: { a: "b" } },
      { nested: { deeper: [{ tagList: ["x"] }] } },
      { tags: [] },
      { tags: {} },
      { tags: "" },
      { tags: null },
      { tags: 3 },
      { description: '{"tags": [1]}' },
      { tagsX: TAGS },
      { CreateFleetRequest: { TagSpecification: { ResourceType: "fleet", tag: 1, Tag: { Key: "a" } } } },
      { "TagSpecification.1": { "Tag.1": { Key: "a" } } },
      { "Tag.1": { Key: "a" } },
      { tag: 1 },
      { "tag.x": { Key: "a" } },
    ];
    for (const params of cases)
      assert.equal(athena.test(JSON.stringify(params)), carriesTags(params), JSON.stringify(params));
  });
  test("on any JSON request", () => {
    const key = fc.oneof(
      fc.constantFrom(
        ...TAG_PARAMETERS,
        "Tags",
        "TagSpecificationSet",
        "TagSpecification.1",
        "Tag.2",
        "tag.x",
        "name",
      ),
      fc.string(),
    );
    const request = fc.dictionary(key, fc.jsonValue());
    fc.assert(
      fc.property(request, (params) => athena.test(JSON.stringify(params)) === carriesTags(params)),
      { numRuns: 2000 },
    );
  });
});
