import assert from "node:assert/strict";
import { test } from "node:test";
import type { Role } from "../../../core/engine/snapshot/model.js";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { holderDecision } from "../../helpers/holder-decision.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// A deploy publishes a new version of its function, then lets a trigger invoke that version:
// AddPermission with a Qualifier is authorized on the version's ARN (`function:api:7`).
// "Lambda doesn't publish a version if the function's configuration and code haven't changed since
// the last version"; otherwise each call makes the next number.
// https://docs.aws.amazon.com/lambda/latest/api/API_PublishVersion.html
// https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html
const FUNCTION = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:api`;
const deployer = (name: string) =>
  role(name, {
    ...ownPolicy([
      {
        Effect: "Allow",
        Action: ["lambda:PublishVersion", "lambda:AddPermission", "lambda:UpdateFunctionCode"],
        Resource: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:*`,
      },
    ]),
  });

const record = (who: Role, eventName: string, eventTime: string, requestParameters: object) =>
  eventItem({
    eventSource: "lambda.amazonaws.com",
    eventName,
    eventTime,
    recipientAccountId: ACCOUNT,
    userIdentity: roleSession(who.arn, who.name),
    requestParameters: requestParameters as Record<string, unknown>,
  });

/** Deploys of `versions` of function `api`, each published first when `publishes`. */
function deploys(who: Role, versions: number[], publishes: boolean) {
  return versions.flatMap((version, i) => [
    record(who, "UpdateFunctionCode20150331v2", `2026-05-${18 + i}T01:00:00Z`, { functionName: "api" }),
    ...(publishes
      ? [record(who, "PublishVersion20150331", `2026-05-${18 + i}T01:01:00Z`, { functionName: "api" })]
      : []),
    record(who, "AddPermission20150331v2", `2026-05-${18 + i}T01:02:00Z`, {
      functionName: "api",
      qualifier: String(version),
      statementId: `sns-${version}`,
      action: "lambda:InvokeFunction",
      principal: "sns.amazonaws.com",
    }),
  ]);
}

async function decisions(who: Role, versions: number[], publishes: boolean) {
  const report = await auditOf(snapshotWith({ roles: [who] }), deploys(who, versions, publishes));
  const rec = report.recommendations.find((r) => r.principalArn === who.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  const documents = rec!.policies.map((p) => p.document);
  return {
    text: JSON.stringify(documents),
    decide: (action: string, resource: string) => holderDecision(documents, { action, resource }),
  };
}

test("a deploy that publishes its function's next version may add a permission to it", async () => {
  const { text, decide } = await decisions(deployer("ci"), [7, 8], true);
  assert.equal(decide("lambda:AddPermission", `${FUNCTION}:9`), "Allow", text);
  assert.equal(decide("lambda:PublishVersion", FUNCTION), "Allow", text);
  // Another function's versions stay refused.
  assert.equal(
    decide("lambda:AddPermission", `arn:aws:lambda:us-east-1:${ACCOUNT}:function:other:3`),
    "ImplicitDeny",
    text,
  );
});

test("a function's versions someone else publishes stay scoped to those seen", async () => {
  const { text, decide } = await decisions(deployer("wirer"), [7, 8], false);
  assert.equal(decide("lambda:AddPermission", `${FUNCTION}:8`), "Allow", text);
  assert.equal(decide("lambda:AddPermission", `${FUNCTION}:9`), "ImplicitDeny", text);
});
