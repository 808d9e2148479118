import assert from "node:assert/strict";
import { test } from "node:test";
import { ADMIN, doc } from "../../../helpers/policies.js";
import { ACCOUNT, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, pathIds, run, trustDoc } from "./fixture.js";

// UpdateAssociation names the association's document again ("You must specify all optional
// parameters in the call ... This includes the Name parameter"), and IAM authorizes the call on the
// document it names as well as on the association. A caller allowed it only with a patching
// document cannot be shown to make an association run AWS-RunShellScript: the path is conditional.
// https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_UpdateAssociation.html
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssystemsmanager.html
function certainties(resources: string[]): string[] {
  const dev = user("dev", {
    inlinePolicies: [
      {
        name: "associate",
        document: doc(
          { Effect: "Allow", Action: "ssm:UpdateAssociation", Resource: resources },
          { Effect: "Allow", Action: "ssm:DescribeAssociation", Resource: "*" },
        ),
      },
    ],
  });
  const nodeAdmin = role("node-admin", {
    trustPolicy: trustDoc({ Service: "ec2.amazonaws.com" }),
    inlinePolicies: [{ name: "admin", document: ADMIN }],
    instanceProfiles: [
      { arn: `arn:aws:iam::${ACCOUNT}:instance-profile/node-admin`, name: "node-admin", id: "AIPAnode" },
    ],
  });
  const found = findingsOf(
    run(snapshotWith({ users: [dev], roles: [nodeAdmin] })),
    "privilege-escalation",
    dev.arn,
  );
  assert.deepEqual(found.flatMap(pathIds), ["whittle-ssm-update-association"]);
  return found.flatMap((f) => (f.evidence.paths as { certainty: string }[]).map((p) => p.certainty));
}

const associations = `arn:aws:ssm:*:${ACCOUNT}:association/*`;
const instances = `arn:aws:ec2:*:${ACCOUNT}:instance/*`;

test("an association update allowed only with a patching document is a conditional path", () => {
  assert.deepEqual(certainties([associations, instances, "arn:aws:ssm:*::document/AWS-ApplyPatchBaseline"]), [
    "maybe",
  ]);
});

test("an association update allowed with AWS-RunShellScript is a certain path", () => {
  assert.deepEqual(certainties([associations, instances, "arn:aws:ssm:*::document/AWS-RunShellScript"]), [
    "yes",
  ]);
  assert.deepEqual(certainties(["*"]), ["yes"]);
});
