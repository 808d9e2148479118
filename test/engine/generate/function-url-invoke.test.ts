import assert from "node:assert/strict";
import { test } from "node:test";
import type { ActivityItem } from "../../../core/engine/activity/types.js";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { holderDecision } from "../../helpers/holder-decision.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// Two callers of a function through its URL (AuthType AWS_IAM). A URL made since October 2025
// needs lambda:InvokeFunction beside lambda:InvokeFunctionUrl; an older one needs the latter only.
const fn = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:api`;
const newUrlCaller = role("new-url-caller", {
  ...ownPolicy([
    { Effect: "Allow", Action: ["lambda:InvokeFunctionUrl", "lambda:InvokeFunction"], Resource: fn },
  ]),
});
const oldUrlCaller = role("old-url-caller", {
  ...ownPolicy([{ Effect: "Allow", Action: "lambda:InvokeFunctionUrl", Resource: fn }]),
});

// The trail records each request to the URL as an InvokeFunctionUrl data event of the function,
// listed as Lambda's Invoke data events list it (test/data/aws-docs/lambda.json).
const urlRequests = (arn: string): ActivityItem[] =>
  ["2026-05-18T10:00:00Z", "2026-05-19T10:00:00Z"].map((eventTime) =>
    eventItem({
      eventTime,
      eventSource: "lambda.amazonaws.com",
      eventName: "InvokeFunctionUrl",
      eventCategory: "Data",
      awsRegion: "us-east-1",
      recipientAccountId: ACCOUNT,
      userIdentity: roleSession(arn, "client"),
      requestParameters: null,
      resources: [{ accountId: ACCOUNT, type: "AWS::Lambda::Function", ARN: fn }],
    } as never),
  );

// Another caller's management events, read-only and not: the trail logs both sides as well.
const management: ActivityItem[] = [
  ["DescribeInstances", true],
  ["CreateTags", false],
].map(([eventName, readOnly]) =>
  eventItem({
    eventSource: "ec2.amazonaws.com",
    eventName,
    eventCategory: "Management",
    readOnly,
    userIdentity: roleSession(`arn:aws:iam::${ACCOUNT}:role/deployer`, "deployer"),
  } as never),
);

test("a caller of a function URL keeps lambda:InvokeFunction on the function where granted today", async () => {
  const report = await auditOf(
    snapshotWith({ roles: [newUrlCaller, oldUrlCaller] }),
    [...urlRequests(newUrlCaller.arn), ...urlRequests(oldUrlCaller.arn), ...management],
    { activity: { loggedDataEvents: ["AWS::Lambda::Function"] } },
  );
  const rec = report.recommendations.find((r) => r.principalArn === newUrlCaller.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  const documents = rec!.policies.map((p) => p.document);
  const text = JSON.stringify(documents);
  for (const action of ["lambda:InvokeFunctionUrl", "lambda:InvokeFunction"])
    assert.equal(holderDecision(documents, { action, resource: fn }), "Allow", `${action}: ${text}`);
  assert.ok(rec!.inferredActions.includes("lambda:InvokeFunction"));
  assert.equal(
    holderDecision(documents, {
      action: "lambda:InvokeFunction",
      resource: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:other`,
    }),
    "ImplicitDeny",
    text,
  );
  // Only where granted today: the older URL's caller is given nothing, and nothing is reported missing.
  const old = report.recommendations.find((r) => r.principalArn === oldUrlCaller.arn);
  assert.deepEqual(old?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  const oldDocuments = old!.policies.map((p) => p.document);
  assert.equal(
    holderDecision(oldDocuments, { action: "lambda:InvokeFunction", resource: fn }),
    "ImplicitDeny",
  );
  assert.deepEqual(old!.notAllowed, []);
});
