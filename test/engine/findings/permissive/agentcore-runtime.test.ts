import assert from "node:assert/strict";
import { test } from "node:test";
import { pathIds } from "./fixture.js";
import { serviceRoleEscalation } from "./service-role-admin.js";

// CreateAgentRuntime takes the agent's artifact (a container image or a code package of the caller's)
// and roleArn, "The IAM role ARN that provides permissions for the AgentCore Runtime": the execution
// role, trusting bedrock-agentcore.amazonaws.com, that the agent runs as. Passing a privileged role
// and invoking the runtime runs the caller's agent code as that role, as a code interpreter created
// with it does (bedrock-001).
// https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/runtime-permissions.html
const escalation = (actions: string[]) =>
  serviceRoleEscalation("agent-admin", "bedrock-agentcore.amazonaws.com", actions);

test("an AgentCore Runtime with a passed privileged role, invoked, is a privilege escalation", () => {
  const found = escalation([
    "iam:PassRole",
    "bedrock-agentcore:CreateAgentRuntime",
    "bedrock-agentcore:InvokeAgentRuntime",
  ]);
  assert.equal(
    found.length,
    1,
    `dev can run an agent of its own as agent-admin: ${JSON.stringify(found.map((f) => f.title))}`,
  );
  assert.deepEqual(pathIds(found[0]), ["whittle-agentcore-runtime"]);
  assert.equal(found[0]!.severity, "high");
});

test("an AgentCore Runtime that is never invoked runs nothing: no path", () => {
  assert.deepEqual(escalation(["iam:PassRole", "bedrock-agentcore:CreateAgentRuntime"]), []);
});
