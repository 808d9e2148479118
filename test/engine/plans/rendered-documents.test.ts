import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  cloudFormationSnippet,
  documentTextNested,
  type NamedPolicy,
  terraformSnippet,
} from "../../../core/engine/generate/iac.js";
import type { PolicyDocument } from "../../../core/engine/generate/types.js";
import { renderedDocuments } from "../../../core/engine/plans/rendered-documents.js";
import type { Plan } from "../../../core/engine/report/schema.js";
import { arn, managed, planFor, S3_ALL, used } from "../../helpers/plan-fixture.js";
import { group, role, snapshotWith, user } from "../../helpers/snapshot-fixture.js";

const document = (...resources: string[]): PolicyDocument => ({
  Version: "2012-10-17",
  Statement: [{ Sid: "S3", Effect: "Allow", Action: ["s3:GetObject"], Resource: resources }],
});
// Texts Terraform would interpolate, and names JSON and HCL escape.
const TWO = [
  { name: "whittle-app-1", document: document("arn:aws:s3:::a/x", "arn:aws:s3:::home/${aws:username}/%{x}") },
  { name: 'whittle-app-"2"-é', document: document('arn:aws:s3:::a/"q"\\x') },
];
const ONE = [{ name: "whittle-ben", document: document("arn:aws:s3:::a/x") }];

const shared = arn("policy", "shared");
const snapshot = snapshotWith({
  roles: [
    role("app", {
      attachedPolicyArns: [shared],
      inlinePolicies: [{ name: "all", document: S3_ALL }],
      permissionsBoundaryArn: arn("policy", "boundary"),
      trustPolicy: {
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
        ],
      },
    }),
  ],
  groups: [group("devs", { inlinePolicies: [{ name: "all", document: S3_ALL }] })],
  users: [user("ann", { groups: ["devs"] }), user("ben", { groups: ["devs"], attachedPolicyArns: [shared] })],
  managedPolicies: {
    [shared]: managed("shared", S3_ALL),
    [arn("policy", "boundary")]: managed("boundary", S3_ALL),
  },
});
const observed = {
  [arn("role", "app")]: [used("s3:GetObject", "arn:aws:s3:::a/x")],
  [arn("user", "ann")]: [used("s3:GetObject", "arn:aws:s3:::a/x")],
  [arn("user", "ben")]: [used("s3:GetObject", "arn:aws:s3:::a/x")],
};

/** A recommendation with the IaC the generator writes for it (generate/target.ts). */
const written = (type: "user" | "role", name: string, policies: NamedPolicy[]) => {
  const texts = policies.map((p) => documentTextNested(p.document));
  return {
    principalArn: arn(type, name),
    policies,
    terraform: terraformSnippet(type, name, policies, texts),
    cloudformation: cloudFormationSnippet(type, name, policies, texts),
  };
};
const recommendations = [written("role", "app", TWO), written("user", "ben", ONE)];
const bare = recommendations.map(({ principalArn, policies }) => ({ principalArn, policies }));
const byTarget = (plans: Plan[]) => new Map(plans.map((p) => [p.target.arn, p]));

describe("a plan's documents taken from its recommendation's IaC", () => {
  test("are found, one text per document, for users and roles", () => {
    for (const r of recommendations) {
      const texts = renderedDocuments(r);
      assert.equal(texts?.terraform.length, r.policies.length);
      assert.equal(texts?.cloudformation.length, r.policies.length);
    }
  });

  test("give the plan the IaC it writes from the documents themselves, byte for byte", () => {
    const given = byTarget(planFor(snapshot, observed, recommendations).plans);
    const own = byTarget(planFor(snapshot, observed, bare).plans);
    for (const target of [arn("role", "app"), arn("user", "ben")]) {
      assert.ok(given.get(target), target);
      assert.equal(given.get(target)!.iac.terraform, own.get(target)!.iac.terraform);
      assert.equal(given.get(target)!.iac.cloudformation, own.get(target)!.iac.cloudformation);
    }
  });

  test("are not taken from IaC that does not hold them where the snippets put them", () => {
    const [app] = recommendations;
    assert.equal(renderedDocuments({ ...app!, permissionSet: { name: "Dev" } }), undefined);
    assert.equal(
      renderedDocuments({ ...app!, terraform: app!.terraform.replace("POLICY\n}", "") }),
      undefined,
    );
    const other = { ...app!, cloudformation: written("role", "app", ONE).cloudformation };
    assert.equal(renderedDocuments(other), undefined);
  });
});

test("a user's, role's or group's CloudFormation is the text JSON.stringify writes of its template", () => {
  const plans = planFor(snapshot, observed, recommendations).plans;
  assert.deepEqual(plans.map((p) => p.target.type).sort(), ["group", "role", "user"]);
  const principalKeys = {
    role: ["RoleName", "Path", "AssumeRolePolicyDocument", "PermissionsBoundary", "ManagedPolicyArns"],
    user: ["UserName", "Path", "Groups", "ManagedPolicyArns"],
    group: ["GroupName", "Path", "ManagedPolicyArns"],
  };
  for (const plan of plans) {
    const template = JSON.parse(plan.iac.cloudformation);
    assert.equal(plan.iac.cloudformation, JSON.stringify(template, null, 2));
    assert.deepEqual(Object.keys(template), ["AWSTemplateFormatVersion", "Description", "Resources"]);
    assert.equal(template.Description, `${plan.id}: ${plan.summary}`);
    const resources = Object.values(
      template.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>,
    );
    assert.deepEqual(
      resources.map((r) => [r.Type, Object.keys(r.Properties)]),
      [
        ...plan.create.map(() => ["AWS::IAM::ManagedPolicy", ["ManagedPolicyName", "PolicyDocument"]]),
        [
          `AWS::IAM::${plan.target.type[0]!.toUpperCase()}${plan.target.type.slice(1)}`,
          principalKeys[plan.target.type as "role"],
        ],
      ],
    );
    assert.deepEqual(
      resources.slice(0, -1).map((r) => r.Properties.PolicyDocument),
      plan.create.map((c) => c.document),
    );
  }
});
