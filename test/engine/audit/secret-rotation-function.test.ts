import assert from "node:assert/strict";
import { test } from "node:test";
import type { Report } from "../../../core/engine/report/schema.js";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

const SECRET = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:db-AbCdEf`;
const ROTATOR = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:rotate-db`;
const OTHER_FUNCTION = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:api`;

/** Lambda's invocations are logged: a function the role never invoked is shown unused. */
const LAMBDA_LOGGED = { activity: { loggedDataEvents: ["AWS::Lambda::Function"] } };

const rotation = (roleArn: string, requestParameters: object) =>
  eventItem({
    eventSource: "secretsmanager.amazonaws.com",
    eventName: "RotateSecret",
    recipientAccountId: ACCOUNT,
    userIdentity: roleSession(roleArn, "ops"),
    requestParameters: { secretId: SECRET, ...requestParameters },
  });

const invokable = (report: Report, arn: string) => {
  const rec = report.recommendations.find((r) => r.principalArn === arn);
  assert.ok(rec, "a recommendation is made");
  assert.deepEqual(rec.checks, { withinCurrent: true, coversObserved: true }, "proven");
  const on = rec.policies
    .flatMap((p) => p.document.Statement)
    .filter((s) => s.Action?.includes("lambda:InvokeFunction"))
    .flatMap((s) => s.Resource ?? []);
  return { rec, on };
};

// RotateSecret's caller needs lambda:InvokeFunction on the rotation function as well as
// secretsmanager:RotateSecret ("You also need lambda:InvokeFunction permissions on the rotation
// function"); Secrets Manager then invokes the function as itself, under the function's resource
// policy, so no invocation by the caller is ever recorded.
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RotateSecret.html
test("a RotateSecret naming its rotation function keeps lambda:InvokeFunction on that function", async () => {
  const ops = role(
    "ops",
    ownPolicy([
      { Effect: "Allow", Action: "secretsmanager:RotateSecret", Resource: SECRET },
      { Effect: "Allow", Action: "lambda:InvokeFunction", Resource: [ROTATOR, OTHER_FUNCTION] },
    ]),
  );
  const report = await auditOf(
    snapshotWith({ roles: [ops] }),
    [rotation(ops.arn, { rotationLambdaARN: ROTATOR, rotationRules: { automaticallyAfterDays: 30 } })],
    LAMBDA_LOGGED,
  );
  const { rec, on } = invokable(report, ops.arn);
  assert.deepEqual(on, [ROTATOR], JSON.stringify(rec.policies));
  assert.ok(rec.inferredActions.includes("lambda:InvokeFunction"), JSON.stringify(rec.inferredActions));
});

// Without rotationLambdaARN the secret's configured function is rotated, which the record does not name.
test("a RotateSecret of the configured function keeps lambda:InvokeFunction as granted today", async () => {
  const ops = role(
    "ops",
    ownPolicy([
      { Effect: "Allow", Action: "secretsmanager:RotateSecret", Resource: SECRET },
      { Effect: "Allow", Action: "lambda:InvokeFunction", Resource: ROTATOR },
    ]),
  );
  const report = await auditOf(snapshotWith({ roles: [ops] }), [rotation(ops.arn, {})], {
    ...LAMBDA_LOGGED,
    generate: { unobservable: "drop" },
  });
  assert.deepEqual(invokable(report, ops.arn).on, [ROTATOR]);
});

test("a RotateSecret adds no lambda:InvokeFunction where none is granted today", async () => {
  const ops = role(
    "ops",
    ownPolicy([{ Effect: "Allow", Action: "secretsmanager:RotateSecret", Resource: SECRET }]),
  );
  const report = await auditOf(
    snapshotWith({ roles: [ops] }),
    [rotation(ops.arn, { rotationLambdaARN: ROTATOR })],
    LAMBDA_LOGGED,
  );
  const { rec, on } = invokable(report, ops.arn);
  assert.deepEqual(on, []);
  assert.deepEqual(rec.notAllowed, []);
});
