import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, policyArn, run } from "./fixture.js";

// IAM allows a request when any Allow of the principal's policies matches it, so `*` on `*` split
// across policies (IAM in one, everything else through NotAction in another) is an administrator
// as one statement of `*` is; the finding names the statements that together grant it.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
test("an administrator whose `*` on `*` is split across policies names the statements that grant it", () => {
  const dev = user("dev", {
    attachedPolicyArns: [policyArn("iam-all"), policyArn("all-but-iam"), policyArn("read")],
  });
  const managedPolicies = {
    ...managed("iam-all", doc({ Effect: "Allow", Action: "iam:*", Resource: "*" })),
    ...managed("all-but-iam", doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" })),
    ...managed("read", doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" })),
  };
  const [admin] = findingsOf(run(snapshotWith({ users: [dev], managedPolicies })), "admin-access", dev.arn);
  assert.equal(admin?.severity, "critical", JSON.stringify(admin));
  const cited = (admin.evidence.grantedBy as { policy: string }[]).map((s) => s.policy).sort();
  assert.deepEqual(cited, [policyArn("all-but-iam"), policyArn("iam-all")]);
});
