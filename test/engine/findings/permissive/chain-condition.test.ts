import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, policyArn, run, trustDoc } from "./fixture.js";

const FROM_OFFICE = { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } };

/** User dev may certainly assume role office, which holds `policy`: dev's escalation finding. */
function escalationThrough(policy: object) {
  const office = role("office", {
    trustPolicy: trustDoc({ AWS: "arn:aws:iam::111122223333:root" }),
    attachedPolicyArns: [policyArn("office")],
  });
  const dev = user("dev", { attachedPolicyArns: [policyArn("assume")] });
  const snapshot = snapshotWith({
    users: [dev],
    roles: [office],
    managedPolicies: {
      ...managed("office", policy),
      ...managed("assume", doc({ Effect: "Allow", Action: "sts:AssumeRole", Resource: office.arn })),
    },
  });
  return findingsOf(run(snapshot), "privilege-escalation", dev.arn)[0];
}

test("a certain hop to a role that is an administrator only under a condition is a conditional chain", () => {
  const finding = escalationThrough(
    doc({ Effect: "Allow", Action: "*", Resource: "*", Condition: FROM_OFFICE }),
  );
  const chains = finding?.evidence.chains as { reaches: unknown; certainty: string }[];
  assert.deepEqual(
    chains.map((c) => [c.reaches, c.certainty]),
    [["admin", "maybe"]],
  );
  assert.equal(finding?.severity, "medium");
});

test("a certain hop to a role whose every escalation path hangs on a condition is a conditional chain", () => {
  const finding = escalationThrough(
    doc({ Effect: "Allow", Action: "iam:PutUserPolicy", Resource: "*", Condition: FROM_OFFICE }),
  );
  const chains = finding?.evidence.chains as { reaches: unknown; certainty: string }[];
  assert.equal(chains.length, 1);
  assert.equal(chains[0]!.certainty, "maybe");
  assert.equal(finding?.severity, "medium");
});

test("a certain hop to a role that is an administrator outright stays certain", () => {
  const finding = escalationThrough(doc({ Effect: "Allow", Action: "*", Resource: "*" }));
  const chains = finding?.evidence.chains as { certainty: string }[];
  assert.deepEqual(
    chains.map((c) => c.certainty),
    ["yes"],
  );
  assert.equal(finding?.severity, "high");
});
