import assert from "node:assert/strict";
import { test } from "node:test";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

const read = (arn: string) =>
  eventItem({
    eventSource: "s3.amazonaws.com",
    eventName: "GetObject",
    userIdentity: roleSession(arn, "app"),
  });

/**
 * Lint errors that reading does not refuse were dropped: policy-warning left errors to
 * policy-invalid, which reported only what reading refused. A service the catalog does not know,
 * or a Deny on private source addresses only (which never match a call over the internet), is a
 * document that does not do what it says.
 */
test("an own policy's lint errors that reading accepts are reported as policy-invalid, once per document", async () => {
  const app = role("app", {
    ...ownPolicy([
      { Effect: "Allow", Action: ["s3:GetObject", "newsvc:Describe*"], Resource: "*" },
      {
        Effect: "Deny",
        Action: "s3:*",
        Resource: "*",
        Condition: { NotIpAddress: { "aws:SourceIp": ["10.0.0.0/8"] } },
      },
    ]),
  });
  const report = await auditOf(snapshotWith({ roles: [app] }), [read(app.arn)]);
  const invalid = report.findings.filter((f) => f.kind === "policy-invalid");
  assert.equal(invalid.length, 1, JSON.stringify(invalid));
  assert.equal(invalid[0]!.principalArn, app.arn);
  const codes = (invalid[0]!.evidence.problems as { code: string }[]).map((p) => p.code);
  assert.ok(codes.includes("unknown-service"), codes.join());
  assert.ok(codes.includes("private-not-ip"), codes.join());
  assert.match(invalid[0]!.detail, /evaluated as written/);
});

test("a document without lint errors gets no policy-invalid finding", async () => {
  const app = role("app", { ...ownPolicy([{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }]) });
  const report = await auditOf(snapshotWith({ roles: [app] }), [read(app.arn)]);
  assert.deepEqual(
    report.findings.filter((f) => f.kind === "policy-invalid"),
    [],
  );
});
