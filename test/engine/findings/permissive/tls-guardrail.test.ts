import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, run } from "./fixture.js";

// aws:SecureTransport tells whether the request was sent over TLS; every AWS endpoint takes TLS,
// and the SDKs and the CLI use it, so a guardrail denying requests without it never stops a call
// the principal makes itself, nor leaves in doubt what such a call may do.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-securetransport
const DENY_INSECURE = {
  Sid: "DenyInsecureTransport",
  Effect: "Deny",
  Action: "*",
  Resource: "*",
  Condition: { Bool: { "aws:SecureTransport": "false" } },
};

function findingsFor(allow: object) {
  const dev = user("dev", { inlinePolicies: [{ name: "own", document: doc(allow, DENY_INSECURE) }] });
  return { dev, findings: run(snapshotWith({ users: [dev] })) };
}

test("an administrator whose calls without TLS are denied is an administrator in full", () => {
  const { dev, findings } = findingsFor({ Effect: "Allow", Action: "*", Resource: "*" });
  const [admin] = findingsOf(findings, "admin-access", dev.arn);
  assert.equal(admin?.severity, "critical", JSON.stringify(admin));
  assert.equal(admin?.evidence.level, "certain");
  assert.equal(admin?.evidence.directCall, true);
});

test("a path whose calls without TLS are denied is a certain privilege escalation", () => {
  const { dev, findings } = findingsFor({ Effect: "Allow", Action: "iam:PutUserPolicy", Resource: "*" });
  const [found] = findingsOf(findings, "privilege-escalation", dev.arn);
  assert.equal(found?.severity, "high", JSON.stringify(found));
});

test("risky actions whose calls without TLS are denied are not reported as conditional", () => {
  const { dev, findings } = findingsFor({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" });
  const [found] = findingsOf(findings, "data-exfiltration", dev.arn);
  assert.ok(found, "s3:GetObject on every object is a data-exfiltration finding");
  assert.equal(found.evidence.conditional, false);
});
