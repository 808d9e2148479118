import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createAuthorizer } from "../../../core/engine/activity/authorize.js";
import {
  IAM_ENTITY_PARAMETERS,
  RENAMING_PARAMETERS,
} from "../../../core/engine/activity/knowledge/authorizations/iam.js";
import { roleDirectory } from "../../../core/engine/activity/role-directory.js";
import type { CloudTrailEvent } from "../../../core/engine/activity/types.js";
import { catalog } from "../../helpers/catalog.js";

const ACCOUNT = "123456789012";
const iam = (type: string, pathAndName: string) => `arn:aws:iam::${ACCOUNT}:${type}${pathAndName}`;
const directory = roleDirectory(
  [
    {
      name: "deploy",
      arn: iam("role", "/ci/deploy"),
      instanceProfiles: [{ name: "web", arn: iam("instance-profile", "/apps/web") }],
    },
  ],
  {
    users: [{ name: "alice", arn: iam("user", "/eng/alice") }],
    groups: [{ name: "ops", arn: iam("group", "/teams/ops") }],
  },
);
const authorize = createAuthorizer(catalog, directory);

function call(eventName: string, requestParameters: object, account = ACCOUNT): CloudTrailEvent {
  return {
    eventSource: "iam.amazonaws.com",
    eventName,
    eventTime: "2026-11-01T10:00:00Z",
    awsRegion: "us-east-1",
    recipientAccountId: account,
    userIdentity: { type: "IAMUser", arn: `arn:aws:iam::${account}:user/admin`, accountId: account },
    requestParameters: requestParameters as Record<string, unknown>,
  };
}

function scope(event: CloudTrailEvent, action: string) {
  const result = authorize(event);
  assert.equal(result.kind, "authorizations");
  if (result.kind !== "authorizations") throw new Error("unreachable");
  const a = result.authorizations.find((x) => x.action.key === action);
  assert.ok(a, action);
  return { resources: a.resources, unscoped: a.unscoped };
}

/** One call per entity parameter: an action authorized on that entity, and a name the snapshot knows. */
const EXAMPLES: Record<string, { event: string; known: string; arn: string }> = {
  userName: { event: "CreateAccessKey", known: "alice", arn: iam("user", "/eng/alice") },
  groupName: { event: "PutGroupPolicy", known: "ops", arn: iam("group", "/teams/ops") },
  roleName: { event: "PutRolePolicy", known: "deploy", arn: iam("role", "/ci/deploy") },
  instanceProfileName: {
    event: "DeleteInstanceProfile",
    known: "web",
    arn: iam("instance-profile", "/apps/web"),
  },
};

test("every entity parameter has an example here", () => {
  assert.ok(IAM_ENTITY_PARAMETERS.length > 0);
  assert.deepEqual(IAM_ENTITY_PARAMETERS.map((e) => e.parameter).sort(), Object.keys(EXAMPLES).sort());
});

for (const entry of IAM_ENTITY_PARAMETERS) {
  const example = EXAMPLES[entry.parameter]!;
  const action = `iam:${example.event}`;
  describe(`${entry.parameter} (${entry.source})`, () => {
    test("a name the snapshot knows becomes its ARN, path included", () =>
      assert.deepEqual(scope(call(example.event, { [entry.parameter]: example.known }), action), {
        resources: [example.arn],
        unscoped: false,
      }));
    test("a name the snapshot does not know names no resource: the action keeps its scope", () =>
      assert.deepEqual(scope(call(example.event, { [entry.parameter]: "stranger" }), action), {
        resources: [],
        unscoped: true,
      }));
    test("the same name in another account's record is not the snapshot's entity", () =>
      assert.deepEqual(
        scope(call(example.event, { [entry.parameter]: example.known }, "210987654321"), action),
        { resources: [], unscoped: true },
      ));
    test(`${entry.create} gives the new entity's ARN from its path, or IAM's default /`, () => {
      const create = `iam:${entry.create}`;
      assert.deepEqual(
        scope(call(entry.create, { [entry.parameter]: "new", path: "/team/" }), create).resources,
        [iam(entry.type, "/team/new")],
      );
      assert.deepEqual(scope(call(entry.create, { [entry.parameter]: "new" }), create).resources, [
        iam(entry.type, "/new"),
      ]);
    });
  });
}

describe("managed policies", () => {
  test("a policyArn is the policy's whole ARN", () =>
    assert.deepEqual(
      scope(call("CreatePolicyVersion", { policyArn: iam("policy", "/p/app") }), "iam:CreatePolicyVersion"),
      {
        resources: [iam("policy", "/p/app")],
        unscoped: false,
      },
    ));
  test("CreatePolicy names the new policy by its name and path", () =>
    assert.deepEqual(
      scope(
        call("CreatePolicy", { policyName: "app", path: "/p/", policyDocument: "{}" }),
        "iam:CreatePolicy",
      ).resources,
      [iam("policy", "/p/app")],
    ));
  test("AttachRolePolicy is authorized on the role, not on the policy it attaches", () =>
    assert.deepEqual(
      scope(
        call("AttachRolePolicy", { roleName: "deploy", policyArn: iam("policy", "/p/app") }),
        "iam:AttachRolePolicy",
      ),
      { resources: [iam("role", "/ci/deploy")], unscoped: false },
    ));
});

describe("a call that renames or moves an entity names no resource", () => {
  for (const parameter of RENAMING_PARAMETERS)
    test(parameter, () =>
      assert.deepEqual(
        scope(call("UpdateUser", { userName: "alice", [parameter]: "/x/" }), "iam:UpdateUser"),
        { resources: [], unscoped: true },
      ),
    );
});
