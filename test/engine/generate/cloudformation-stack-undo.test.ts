import assert from "node:assert/strict";
import { test } from "node:test";
import type { ActivityItem } from "../../../core/engine/activity/types.js";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { holderDecision } from "../../helpers/holder-decision.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// A deployer of stacks without a service role: CloudFormation creates the stack's bucket,
// function and role with the deployer's credentials, and would delete or detach them with the
// same credentials on a rollback, a replacement or the stack's deletion, none of which the window
// shows. Some undoing calls are granted today (DeleteBucket, DeleteFunction, DeleteRole,
// DetachRolePolicy), some are not (DeleteBucketPolicy, RemovePermission, DeleteRolePolicy).
const REGION = "us-east-1";
const bucket = "arn:aws:s3:::app-assets";
const fn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:app-handler`;
const appRole = `arn:aws:iam::${ACCOUNT}:role/app-handler-role`;
const statements = [
  {
    Effect: "Allow",
    Action: ["cloudformation:CreateStack", "cloudformation:UpdateStack", "cloudformation:DescribeStacks"],
    Resource: `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/app/*`,
  },
  {
    Effect: "Allow",
    Action: ["s3:CreateBucket", "s3:DeleteBucket", "s3:PutBucketPolicy"],
    Resource: "arn:aws:s3:::app-*",
  },
  // Broader than the creation's grant: the delete is kept on what the creation is kept on.
  { Effect: "Allow", Action: "s3:DeleteBucket", Resource: "arn:aws:s3:::*" },
  {
    Effect: "Allow",
    Action: ["lambda:CreateFunction", "lambda:DeleteFunction", "lambda:AddPermission"],
    Resource: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:app-*`,
  },
  {
    Effect: "Allow",
    Action: [
      "iam:CreateRole",
      "iam:DeleteRole",
      "iam:AttachRolePolicy",
      "iam:DetachRolePolicy",
      "iam:PutRolePolicy",
      "iam:PassRole",
    ],
    Resource: `arn:aws:iam::${ACCOUNT}:role/app-*`,
  },
];
const deployer = role("deployer", ownPolicy(statements));
// The same grants, used by a person making the same resources by hand: nothing undoes them for it.
const person = role("operator", ownPolicy(statements));

const creates = [
  ["s3", "CreateBucket", { bucketName: "app-assets", Host: "app-assets.s3.amazonaws.com" }],
  ["iam", "CreateRole", { roleName: "app-handler-role", assumeRolePolicyDocument: "{}" }],
  [
    "iam",
    "AttachRolePolicy",
    {
      roleName: "app-handler-role",
      policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    },
  ],
  ["iam", "PutRolePolicy", { roleName: "app-handler-role", policyName: "logs" }],
  ["lambda", "CreateFunction20150331", { functionName: "app-handler", role: appRole, runtime: "nodejs20.x" }],
  [
    "lambda",
    "AddPermission20150331v2",
    { functionName: "app-handler", statementId: "s3", principal: "s3.amazonaws.com" },
  ],
] as const;

const calls = (arn: string, invokedBy?: string): ActivityItem[] =>
  creates.map(([service, eventName, requestParameters]) =>
    eventItem({
      eventTime: "2026-05-18T10:01:00Z",
      eventSource: `${service}.amazonaws.com`,
      eventName,
      awsRegion: REGION,
      recipientAccountId: ACCOUNT,
      ...(invokedBy ? { sourceIPAddress: invokedBy } : {}),
      userIdentity: { ...roleSession(arn, "deploy"), ...(invokedBy ? { invokedBy } : {}) },
      requestParameters,
    } as never),
  );

const createStack = eventItem({
  eventTime: "2026-05-18T10:00:00Z",
  eventSource: "cloudformation.amazonaws.com",
  eventName: "CreateStack",
  awsRegion: REGION,
  recipientAccountId: ACCOUNT,
  userIdentity: roleSession(deployer.arn, "deploy"),
  requestParameters: { stackName: "app", templateURL: "https://example.s3.amazonaws.com/app.json" },
  responseElements: { stackId: `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/app/0f1e2d3c` },
} as never);

/**
 * Each undoing call granted today, the creating call it undoes, the resource both were on, one the
 * stack's next update may create (which its rollback deletes), and one outside the creation's grant.
 */
const UNDONE = [
  ["s3:DeleteBucket", "s3:CreateBucket", bucket, "arn:aws:s3:::app-logs", "arn:aws:s3:::payroll"],
  [
    "lambda:DeleteFunction",
    "lambda:CreateFunction",
    fn,
    fn.replace("app-handler", "app-worker"),
    fn.replace("app-handler", "billing"),
  ],
  [
    "iam:DeleteRole",
    "iam:CreateRole",
    appRole,
    appRole.replace("app-handler-role", "app-worker-role"),
    `arn:aws:iam::${ACCOUNT}:role/admin`,
  ],
  [
    "iam:DetachRolePolicy",
    "iam:AttachRolePolicy",
    appRole,
    appRole.replace("app-handler-role", "app-worker-role"),
    `arn:aws:iam::${ACCOUNT}:role/admin`,
  ],
] as const;
const NOT_GRANTED = ["s3:DeleteBucketPolicy", "lambda:RemovePermission", "iam:DeleteRolePolicy"];

test("a stack's deployer keeps, where granted today, the calls CloudFormation undoes what it created with", async () => {
  const report = await auditOf(snapshotWith({ roles: [deployer, person] }), [
    createStack,
    ...calls(deployer.arn, "cloudformation.amazonaws.com"),
    ...calls(person.arn),
  ]);
  const rec = report.recommendations.find((r) => r.principalArn === deployer.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  const documents = rec!.policies.map((p) => p.document);
  const text = JSON.stringify(documents);
  for (const [undo, made, resource, next, other] of UNDONE) {
    assert.ok(rec!.inferredActions.includes(undo), `${undo} listed as inferred`);
    // On the resources the creating call keeps, not on the rest of today's grant.
    for (const [on, expected] of [
      [resource, "Allow"],
      [next, "Allow"],
      [other, "ImplicitDeny"],
    ] as const) {
      assert.equal(holderDecision(documents, { action: made, resource: on }), expected, `${made} on ${on}`);
      assert.equal(
        holderDecision(documents, { action: undo, resource: on }),
        expected,
        `${undo} on ${on}: ${text}`,
      );
    }
  }
  // An undoing call not granted today is not added, nor reported as refused.
  for (const action of NOT_GRANTED) {
    assert.ok(!text.includes(action), `${action} not added: ${text}`);
    assert.ok(!rec!.notAllowed.some((n) => n.action === action), `${action} not reported refused`);
  }
  // Made by a person, not by CloudFormation: nothing deletes those resources on its behalf.
  const manual = report.recommendations.find((r) => r.principalArn === person.arn);
  assert.deepEqual(manual?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  for (const [undo] of UNDONE) assert.ok(manual!.removedActions.includes(undo), `${undo} removed`);
});
