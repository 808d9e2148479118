import assert from "node:assert/strict";
import { test } from "node:test";
import { ADMIN, doc } from "../../../helpers/policies.js";
import { ACCOUNT, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, pathIds, run, trustDoc } from "./fixture.js";

/**
 * A pipeline's activities run on the EC2 resources it launches, whose instance profile is the
 * pipeline's resourceRole, not its (pipeline) role: a privileged resource role is the way up even
 * where no privileged role trusts Data Pipeline itself.
 * https://docs.aws.amazon.com/datapipeline/latest/DeveloperGuide/emrcluster-example-custom-iam-roles.html
 */
const resource = role("pipeline-nodes", {
  trustPolicy: trustDoc({ Service: "ec2.amazonaws.com" }),
  inlinePolicies: [{ name: "a", document: ADMIN }],
  instanceProfiles: [
    {
      arn: `arn:aws:iam::${ACCOUNT}:instance-profile/pipeline-nodes`,
      name: "pipeline-nodes",
      id: "AIPAnodes",
    },
  ],
});
const pipelineRole = role("pipeline", { trustPolicy: trustDoc({ Service: "datapipeline.amazonaws.com" }) });
const PIPELINE = [
  "datapipeline:CreatePipeline",
  "datapipeline:PutPipelineDefinition",
  "datapipeline:ActivatePipeline",
];

const escalation = (passable: string[]) => {
  const etl = user("etl", {
    inlinePolicies: [
      {
        name: "p",
        document: doc(
          { Effect: "Allow", Action: PIPELINE, Resource: "*" },
          { Effect: "Allow", Action: "iam:PassRole", Resource: passable },
        ),
      },
    ],
  });
  return findingsOf(
    run(snapshotWith({ users: [etl], roles: [resource, pipelineRole] })),
    "privilege-escalation",
    etl.arn,
  )[0];
};

test("a pipeline with a privileged EC2 resource role is a certain path", () => {
  const finding = escalation([resource.arn, pipelineRole.arn]);
  assert.deepEqual(pathIds(finding), ["whittle-datapipeline-resource-role"]);
  assert.equal(finding?.severity, "high");
});

test("without a pass of the pipeline role beside it there is no pipeline to run", () => {
  assert.equal(escalation([resource.arn]), undefined);
});
