import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { ACCOUNT, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, run } from "./fixture.js";

// A call sent over the internet from an IPv4 address carries it as aws:SourceIp, and 0.0.0.0/0
// holds every IPv4 address: a grant kept to that range is met by a call from anywhere.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceip
function findingOf(kind: "admin-access" | "privilege-escalation", ...statements: object[]) {
  const dev = user("dev", { inlinePolicies: [{ name: "own", document: doc(...statements) }] });
  return findingsOf(run(snapshotWith({ users: [dev] })), kind, dev.arn)[0];
}

const from = (ranges: string | string[]) => ({ IpAddress: { "aws:SourceIp": ranges } });
const allowAll = (condition: object) => ({
  Effect: "Allow",
  Action: "*",
  Resource: "*",
  Condition: condition,
});

test("* on * allowed from 0.0.0.0/0 is an administrator in full", () => {
  for (const ranges of ["0.0.0.0/0", ["0.0.0.0/0", "::/0"]]) {
    const admin = findingOf("admin-access", allowAll(from(ranges)));
    assert.equal(admin?.severity, "critical", JSON.stringify(admin));
    assert.equal(admin?.evidence.level, "certain");
    assert.match(admin?.detail ?? "", /from any IPv4 address/);
  }
});

test("an escalation path allowed from 0.0.0.0/0 is certain", () => {
  const found = findingOf("privilege-escalation", {
    Effect: "Allow",
    Action: "iam:PutUserPolicy",
    Resource: `arn:aws:iam::${ACCOUNT}:user/dev`,
    Condition: from("0.0.0.0/0"),
  });
  assert.equal(found?.severity, "high", JSON.stringify(found));
});

test("a narrower range, IPv6 alone, or a Deny outside a range stays conditional", () => {
  for (const statements of [
    [allowAll(from("10.0.0.0/8"))],
    [allowAll(from("0.0.0.0/1"))],
    [allowAll(from("::/0"))],
    [
      allowAll(from("0.0.0.0/0")),
      {
        Effect: "Deny",
        Action: "*",
        Resource: "*",
        Condition: { NotIpAddress: { "aws:SourceIp": "203.0.113.0/24" } },
      },
    ],
  ]) {
    const admin = findingOf("admin-access", ...statements);
    assert.equal(admin?.severity, "high", JSON.stringify(admin));
    assert.equal(admin?.evidence.level, "conditional");
  }
});
