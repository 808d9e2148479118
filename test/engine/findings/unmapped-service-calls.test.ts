import assert from "node:assert/strict";
import { test } from "node:test";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// API Gateway authorizes every management call as its HTTP verb: UpdateDomainName is a PATCH of
// /domainnames/NAME (https://docs.aws.amazon.com/apigateway/latest/api/API_UpdateDomainName.html),
// yet Whittle maps it to no action (it may also need the domain's certificate and policy actions).
// A call of a service that maps to no action may have used any of the service's actions.
const admin = role("domains", {
  ...ownPolicy([
    { Effect: "Allow", Action: "apigateway:*", Resource: "arn:aws:apigateway:us-east-1::/*" },
    { Effect: "Allow", Action: "ec2:DescribeInstances", Resource: "*" },
  ]),
});

const call = (eventSource: string, eventName: string, requestParameters: object) =>
  eventItem({
    eventSource,
    eventName,
    eventTime: "2026-05-10T01:00:00Z",
    awsRegion: "us-east-1",
    recipientAccountId: ACCOUNT,
    userIdentity: roleSession(admin.arn, admin.name),
    requestParameters,
  } as never);

test("a service whose calls map to no action is never called unused for the principal making them", async () => {
  const report = await auditOf(snapshotWith({ roles: [admin] }), [
    call("apigateway.amazonaws.com", "UpdateDomainName", { domainName: "api.example.com" }),
    call("ec2.amazonaws.com", "DescribeInstances", {}),
  ]);
  const about = report.findings.filter(
    (f) => f.principalArn === admin.arn && (f.kind === "unused-service" || f.kind === "unused-action"),
  );
  const text = JSON.stringify(about);
  assert.ok(!text.includes("apigateway"), text);
  // Its recommendation is still withheld, naming the call.
  const unproven = report.findings.find(
    (f) => f.kind === "recommendation-unproven" && f.principalArn === admin.arn,
  );
  assert.match(JSON.stringify(unproven?.evidence), /UpdateDomainName/);
});

test("a service with no such call is still judged", async () => {
  const report = await auditOf(snapshotWith({ roles: [admin] }), [
    call("apigateway.amazonaws.com", "GetRestApis", {}),
    call("ec2.amazonaws.com", "DescribeInstances", {}),
  ]);
  const unusedActions = report.findings.find(
    (f) => f.principalArn === admin.arn && f.kind === "unused-action",
  );
  assert.ok(unusedActions?.actions?.includes("apigateway:PATCH"), JSON.stringify(unusedActions));
});
