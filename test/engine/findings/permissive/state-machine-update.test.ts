import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, pathIds, policyArn, run, trustDoc } from "./fixture.js";

// UpdateStateMachine "Updates an existing state machine by modifying its definition, roleArn, ...
// You must include at least one of definition or roleArn": a new definition alone keeps the state
// machine's role, so no role is passed, and "All StartExecution calls within a few seconds will use
// the updated definition and roleArn".
// https://docs.aws.amazon.com/step-functions/latest/apireference/API_UpdateStateMachine.html
// A definition's AWS SDK integrations call any API as the state machine's role
// (https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html), which is
// why iam:PassRole with states:CreateStateMachine and states:StartExecution is already a path here.
const ADMIN = doc({ Effect: "Allow", Action: "*", Resource: "*" });
const workflowAdmin = role("workflow-admin", {
  trustPolicy: trustDoc({ Service: "states.amazonaws.com" }),
  attachedPolicyArns: [policyArn("admin")],
});

test("a new definition for a state machine that runs as a privileged role, then started, is a privilege escalation", () => {
  const dev = user("dev", { attachedPolicyArns: [policyArn("update")] });
  const snapshot = snapshotWith({
    users: [dev],
    roles: [workflowAdmin],
    managedPolicies: {
      ...managed("admin", ADMIN),
      ...managed(
        "update",
        doc({
          Effect: "Allow",
          Action: ["states:UpdateStateMachine", "states:StartExecution"],
          Resource: "*",
        }),
      ),
    },
  });
  const found = findingsOf(run(snapshot), "privilege-escalation", dev.arn);
  assert.equal(
    found.length,
    1,
    `dev can make a state machine running as workflow-admin call any API: ${JSON.stringify(found.map((f) => f.title))}`,
  );
  assert.deepEqual(pathIds(found[0]), ["whittle-states-update-definition"]);
});
