import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, pathIds, policyArn, run, trustDoc } from "./fixture.js";

// CreatePresignedDomainUrl "Creates a URL for a specified UserProfile in a Domain. When accessed in a
// web browser, the user will be automatically signed in to the domain, and granted access to all of
// the Apps and files associated with the Domain's Amazon Elastic File System volume"; the spaces and
// apps a profile starts assume its execution role, a role trusting SageMaker. Signing in as a profile
// whose execution role is privileged runs code as that role, as a notebook instance's URL does
// (sagemaker-004).
// https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreatePresignedDomainUrl.html
// https://docs.aws.amazon.com/sagemaker/latest/dg/execution-roles-and-spaces.html
const ADMIN = doc({ Effect: "Allow", Action: "*", Resource: "*" });

test("a presigned URL to a Studio user profile whose execution role is privileged is a privilege escalation", () => {
  const studioAdmin = role("studio-admin", {
    trustPolicy: trustDoc({ Service: "sagemaker.amazonaws.com" }),
    attachedPolicyArns: [policyArn("admin")],
  });
  const dev = user("dev", { attachedPolicyArns: [policyArn("studio")] });
  const snapshot = snapshotWith({
    users: [dev],
    roles: [studioAdmin],
    managedPolicies: {
      ...managed("admin", ADMIN),
      ...managed(
        "studio",
        doc({
          Effect: "Allow",
          Action: "sagemaker:CreatePresignedDomainUrl",
          Resource: "arn:aws:sagemaker:us-east-1:111122223333:user-profile/*",
        }),
      ),
    },
  });
  const found = findingsOf(run(snapshot), "privilege-escalation", dev.arn);
  assert.equal(
    found.length,
    1,
    `dev can sign in to Studio as a profile running as studio-admin: ${JSON.stringify(found.map((f) => f.title))}`,
  );
  assert.deepEqual(pathIds(found[0]), ["whittle-sagemaker-studio-url"]);
  // Certain: high, not the medium of a path that hangs on a condition.
  assert.equal(found[0]!.severity, "high");
});

test("a presigned Studio URL gives nothing when no role SageMaker may assume is more privileged", () => {
  const dev = user("dev", { attachedPolicyArns: [policyArn("studio")] });
  const snapshot = snapshotWith({
    users: [dev],
    managedPolicies: managed(
      "studio",
      doc({ Effect: "Allow", Action: "sagemaker:CreatePresignedDomainUrl", Resource: "*" }),
    ),
  });
  assert.deepEqual(findingsOf(run(snapshot), "privilege-escalation", dev.arn), []);
});
