import assert from "node:assert/strict";
import { test } from "node:test";
import type { Finding } from "../../../../core/engine/findings/types.js";
import { doc } from "../../../helpers/policies.js";
import { ACCOUNT, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, pathIds, policyArn, run } from "./fixture.js";

// IAM Roles Anywhere hands out a role's credentials to whoever holds a certificate its trust anchor's
// certificate authority issued: CreateSession names a trust anchor, a profile listing the role, and
// the role, and is signed with the certificate, not with AWS credentials. A trust anchor can be the
// caller's own CA (CreateTrustAnchor uploads its certificate), and a profile can list any role
// (CreateProfile passes them: iam:PassRole). Any profile and any trust anchor of the account go together.
// The role's trust "must grant" sts:AssumeRole, sts:SetSourceIdentity and sts:TagSession to
// rolesanywhere.amazonaws.com.
// https://docs.aws.amazon.com/rolesanywhere/latest/userguide/trust-model.html
// https://docs.aws.amazon.com/rolesanywhere/latest/userguide/authentication-create-session.html
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementrolesanywhere.html
const FULL_TRUST = ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"];

function escalation(actions: string[], trustActions = FULL_TRUST, condition?: object): Finding[] {
  const workload = role("workload-admin", {
    trustPolicy: {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "rolesanywhere.amazonaws.com" },
          Action: trustActions,
          ...(condition ? { Condition: condition } : {}),
        },
      ],
    },
    attachedPolicyArns: [policyArn("admin")],
  });
  const dev = user("dev", { attachedPolicyArns: [policyArn("dev")] });
  const snapshot = snapshotWith({
    users: [dev],
    roles: [workload],
    managedPolicies: {
      ...managed("admin", doc({ Effect: "Allow", Action: "*", Resource: "*" })),
      ...managed("dev", doc({ Effect: "Allow", Action: actions, Resource: "*" })),
    },
  });
  return findingsOf(run(snapshot), "privilege-escalation", dev.arn);
}

test("a trust anchor of the caller's CA and a profile passing a privileged role is a privilege escalation", () => {
  const found = escalation([
    "iam:PassRole",
    "rolesanywhere:CreateTrustAnchor",
    "rolesanywhere:CreateProfile",
  ]);
  assert.deepEqual(found.flatMap(pathIds), [
    "whittle-rolesanywhere-new-profile",
    "whittle-rolesanywhere-trust-anchor",
  ]);
  assert.equal(found[0]!.severity, "high");
});

test("a trust anchor of the caller's CA, with the account's profiles, is a privilege escalation", () => {
  // A profile's ARN is no secret: the workloads using it are configured with it.
  const found = escalation(["rolesanywhere:CreateTrustAnchor"]);
  assert.deepEqual(found.flatMap(pathIds), ["whittle-rolesanywhere-trust-anchor"]);
});

test("a profile alone, without a trust anchor of the caller's, gives nothing", () => {
  assert.deepEqual(escalation(["iam:PassRole", "rolesanywhere:CreateProfile"]), []);
});

test("a role whose trust does not let Roles Anywhere tag its sessions cannot be reached through it", () => {
  const actions = ["iam:PassRole", "rolesanywhere:CreateTrustAnchor", "rolesanywhere:CreateProfile"];
  assert.deepEqual(escalation(actions, ["sts:AssumeRole", "sts:SetSourceIdentity"]), []);
});

// A trust kept to one trust anchor (aws:SourceArn) refuses the anchor the caller creates; one kept
// to certificate fields (aws:PrincipalTag/x509Subject/CN) is met by a certificate the caller's CA issues.
test("a role kept to another trust anchor is reached only conditionally; one kept to a certificate subject, surely", () => {
  const certainties = (condition: object) =>
    escalation(
      ["iam:PassRole", "rolesanywhere:CreateTrustAnchor", "rolesanywhere:CreateProfile"],
      FULL_TRUST,
      condition,
    ).flatMap((f) => (f.evidence.paths as { certainty: string }[]).map((p) => p.certainty));
  const anchor = `arn:aws:rolesanywhere:us-east-1:${ACCOUNT}:trust-anchor/0a1b2c3d`;
  assert.deepEqual(certainties({ ArnEquals: { "aws:SourceArn": anchor } }), ["maybe", "maybe"]);
  assert.deepEqual(certainties({ StringEquals: { "aws:PrincipalTag/x509Subject/CN": "build-host" } }), [
    "yes",
    "yes",
  ]);
});
