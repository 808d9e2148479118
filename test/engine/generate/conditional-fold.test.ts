import assert from "node:assert/strict";
import { test } from "node:test";
import { makeContext } from "../../../core/engine/policy/context.js";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { holderDecision } from "../../helpers/holder-decision.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// Reports under data/a* may be read from anywhere; the rest of data/ only from the office network.
// The window saw a dozen reports read, all from the office.
const reader = role("reader", {
  ...ownPolicy([
    { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::data/a*" },
    {
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: "arn:aws:s3:::data/*",
      Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } },
    },
  ]),
});
const read = (key: string) =>
  eventItem({
    eventSource: "s3.amazonaws.com",
    eventName: "GetObject",
    recipientAccountId: ACCOUNT,
    sourceIPAddress: "10.1.1.1",
    userIdentity: roleSession(reader.arn, "reader"),
    requestParameters: { bucketName: "data", key },
    resources: [{ ARN: `arn:aws:s3:::data/${key}` }, { ARN: "arn:aws:s3:::data" }],
  } as never);

test("resources allowed outright are not folded into a pattern only a conditional grant covers", async () => {
  const reads = Array.from({ length: 12 }, (_, i) => read(`a${i}`));
  const report = await auditOf(snapshotWith({ roles: [reader] }), reads, {
    activity: { loggedDataEvents: ["AWS::S3::Object"] },
  });
  const rec = report.recommendations.find((r) => r.principalArn === reader.arn);
  const unproven = report.findings.find((f) => f.kind === "recommendation-unproven");
  assert.deepEqual(
    rec?.checks,
    { withinCurrent: true, coversObserved: true },
    JSON.stringify(unproven?.evidence),
  );
  const documents = rec!.policies.map((p) => p.document);
  const away = makeContext({ "aws:SourceIp": "203.0.113.9" });
  assert.equal(
    holderDecision(documents, { action: "s3:GetObject", resource: "arn:aws:s3:::data/a3", context: away }),
    "Allow",
    JSON.stringify(documents),
  );
});
