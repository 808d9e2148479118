import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, pathIds, policyArn, run, trustDoc } from "./fixture.js";

// A hyperparameter tuning job "finds the best version of a model by running many training jobs";
// its HyperParameterTrainingJobDefinition names the algorithm (a training image of the caller's
// choosing) and RoleArn, "the IAM role associated with the training jobs that the tuning job
// launches". Passing a privileged role there runs the caller's container as that role, as a training
// job of its own does (sagemaker-002), with sagemaker:CreateHyperParameterTuningJob alone.
// https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateHyperParameterTuningJob.html
// https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_HyperParameterTrainingJobDefinition.html
const ADMIN = doc({ Effect: "Allow", Action: "*", Resource: "*" });

test("a hyperparameter tuning job with a passed privileged role is a privilege escalation", () => {
  const mlAdmin = role("ml-admin", {
    trustPolicy: trustDoc({ Service: "sagemaker.amazonaws.com" }),
    attachedPolicyArns: [policyArn("admin")],
  });
  const dev = user("dev", { attachedPolicyArns: [policyArn("tune")] });
  const snapshot = snapshotWith({
    users: [dev],
    roles: [mlAdmin],
    managedPolicies: {
      ...managed("admin", ADMIN),
      ...managed(
        "tune",
        doc(
          { Effect: "Allow", Action: "sagemaker:CreateHyperParameterTuningJob", Resource: "*" },
          {
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: mlAdmin.arn,
            Condition: { StringEquals: { "iam:PassedToService": "sagemaker.amazonaws.com" } },
          },
        ),
      ),
    },
  });
  const found = findingsOf(run(snapshot), "privilege-escalation", dev.arn);
  assert.equal(
    found.length,
    1,
    `dev can run training jobs of its own as ml-admin: ${JSON.stringify(found.map((f) => f.title))}`,
  );
  assert.deepEqual(pathIds(found[0]), ["whittle-sagemaker-tuning-job"]);
  assert.equal(found[0]!.severity, "high");
});
