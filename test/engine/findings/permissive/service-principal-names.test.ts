import assert from "node:assert/strict";
import { test } from "node:test";
import { ADMIN, doc } from "../../../helpers/policies.js";
import { ACCOUNT, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, pathIds, policyArn, run, trustDoc } from "./fixture.js";

// A trust policy may name a service in a region: the Serverless Framework's Step Functions roles
// trust states.${AWS::Region}.amazonaws.com, Redshift's guide restricts a role to regions with
// redshift.REGION.amazonaws.com, and the CDK writes SERVICE.REGION.amazonaws.com for opt-in
// regions. In China, EC2's principal is ec2.amazonaws.com.cn (eksctl's partition map).
// https://docs.aws.amazon.com/redshift/latest/mgmt/authorizing-redshift-service-regions.html
const sdkIntegration = doc({
  Effect: "Allow",
  Action: ["iam:PassRole", "states:CreateStateMachine", "states:StartExecution"],
  Resource: "*",
});

function escalationPaths(trusted: string) {
  const dev = user("dev", { inlinePolicies: [{ name: "workflows", document: sdkIntegration }] });
  const snapshot = snapshotWith({
    users: [dev],
    roles: [
      role("workflow-admin", {
        trustPolicy: trustDoc({ Service: trusted }),
        attachedPolicyArns: [policyArn("admin")],
      }),
    ],
    managedPolicies: managed("admin", ADMIN),
  });
  return findingsOf(run(snapshot), "privilege-escalation", dev.arn).flatMap(pathIds);
}

test("a role trusting Step Functions in one region is passed to a state machine there", () => {
  assert.deepEqual(escalationPaths("states.us-east-1.amazonaws.com"), ["whittle-states-sdk-integration"]);
  assert.deepEqual(escalationPaths("states.amazonaws.com"), ["whittle-states-sdk-integration"]);
});

test("another service's regional principal, or a name that is no region, is not Step Functions", () => {
  assert.deepEqual(escalationPaths("lambda.us-east-1.amazonaws.com"), []);
  assert.deepEqual(escalationPaths("states.example.amazonaws.com"), []);
});

test("a China role trusting ec2.amazonaws.com.cn runs as an instance's profile", () => {
  const arn = (kind: string, name: string) => `arn:aws-cn:iam::${ACCOUNT}:${kind}/${name}`;
  const dev = user("dev", {
    arn: arn("user", "dev"),
    inlinePolicies: [
      {
        name: "launch",
        document: doc({ Effect: "Allow", Action: ["iam:PassRole", "ec2:RunInstances"], Resource: "*" }),
      },
    ],
  });
  const nodeAdmin = role("node-admin", {
    arn: arn("role", "node-admin"),
    trustPolicy: trustDoc({ Service: "ec2.amazonaws.com.cn" }),
    inlinePolicies: [{ name: "admin", document: ADMIN }],
    instanceProfiles: [{ arn: arn("instance-profile", "node-admin"), name: "node-admin", id: "AIPAnode" }],
  });
  const found = findingsOf(
    run(snapshotWith({ users: [dev], roles: [nodeAdmin] })),
    "privilege-escalation",
    dev.arn,
  );
  assert.equal(
    found.length,
    1,
    `dev can launch an instance as node-admin: ${JSON.stringify(found.map((f) => f.title))}`,
  );
  assert.ok(pathIds(found[0]).includes("ec2-001"), JSON.stringify(pathIds(found[0])));
  assert.equal(found[0]!.severity, "high");
});
