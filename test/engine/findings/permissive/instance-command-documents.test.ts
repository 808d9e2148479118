import assert from "node:assert/strict";
import { test } from "node:test";
import { ADMIN, doc } from "../../../helpers/policies.js";
import { ACCOUNT, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, pathIds, run, trustDoc } from "./fixture.js";

// SendCommand runs "the SSM document" named on the managed nodes named; IAM authorizes the call on
// the document (a resource type every such request names) and on the nodes, so a policy may scope
// it to one document, as AWS's own examples do. Only a document that runs the caller's commands
// (AWS-RunShellScript, AWS-RunPowerShellScript, owned by AWS: no account in their ARN) or one of
// the account's, whose content IAM data does not show, makes it a way to act as the instance's role.
// StartSession names the node as its Target; without a document it opens a shell there.
// https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_SendCommand.html
// https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_StartSession.html
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssystemsmanager.html
// https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-setup-identity-based-policies.html
// ("The account ID shouldn't be specified in the ARN for Amazon owned public documents.")
const nodeAdmin = role("node-admin", {
  trustPolicy: trustDoc({ Service: "ec2.amazonaws.com" }),
  inlinePolicies: [{ name: "admin", document: ADMIN }],
  instanceProfiles: [
    { arn: `arn:aws:iam::${ACCOUNT}:instance-profile/node-admin`, name: "node-admin", id: "AIPAnode" },
  ],
});
const INSTANCES = "arn:aws:ec2:*:*:instance/*";
const awsDocument = (name: string) => `arn:aws:ssm:*::document/${name}`;

function escalation(action: string, resources: string[]) {
  const dev = user("dev", {
    inlinePolicies: [
      { name: "run", document: doc({ Effect: "Allow", Action: action, Resource: resources }) },
    ],
  });
  const found = findingsOf(
    run(snapshotWith({ users: [dev], roles: [nodeAdmin] })),
    "privilege-escalation",
    dev.arn,
  );
  return found[0] && { paths: pathIds(found[0]), severity: found[0].severity };
}

test("SendCommand scoped to a patching document of AWS's runs no command of the caller's: no path", () => {
  assert.equal(escalation("ssm:SendCommand", [awsDocument("AWS-RunPatchBaseline"), INSTANCES]), undefined);
});

// AWS-RunRemoteScript and AWS-RunDocument download and run a script or document from GitHub, S3 or
// a URL; IAM checks SendCommand on them alone, so they run the caller's code where the node reaches it.
// https://docs.aws.amazon.com/systems-manager/latest/userguide/documents-running-remote-github-s3.html
for (const name of ["AWS-RunRemoteScript", "AWS-RunDocument"])
  test(`SendCommand scoped to ${name}, which runs what the caller names from elsewhere, is a conditional path`, () => {
    assert.deepEqual(escalation("ssm:SendCommand", [awsDocument(name), INSTANCES]), {
      paths: ["ssm-002"],
      severity: "medium",
    });
  });

test("SendCommand allowed AWS-RunShellScript on the instances stays a certain path", () => {
  assert.deepEqual(escalation("ssm:SendCommand", [awsDocument("AWS-RunShellScript"), INSTANCES]), {
    paths: ["ssm-002"],
    severity: "high",
  });
});

test("SendCommand allowed the account's own documents is a path that depends on what they run", () => {
  const own = `arn:aws:ssm:*:${ACCOUNT}:document/*`;
  assert.deepEqual(escalation("ssm:SendCommand", [own, INSTANCES]), {
    paths: ["ssm-002"],
    severity: "medium",
  });
});

test("a State Manager association scoped to a patching document is no path either", () => {
  assert.equal(
    escalation("ssm:CreateAssociation", [awsDocument("AWS-RunPatchBaseline"), INSTANCES]),
    undefined,
  );
});

test("StartSession allowed on a document but no instance opens no session: no path", () => {
  assert.equal(
    escalation("ssm:StartSession", ["arn:aws:ssm:*:*:document/AWS-StartPortForwardingSession"]),
    undefined,
  );
});

test("StartSession allowed on the instances stays a certain path", () => {
  assert.deepEqual(escalation("ssm:StartSession", [INSTANCES]), { paths: ["ssm-001"], severity: "high" });
});
