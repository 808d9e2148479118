import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { parse } from "@cdktf/hcl2json";
import { logicalId, terraformId } from "../../../core/engine/generate/policy-names.js";
import type { Plan } from "../../../core/engine/report/schema.js";
import { cloudFormationProblems } from "../../helpers/cloudformation.js";
import { arn, managed, planFor, S3_ALL, used } from "../../helpers/plan-fixture.js";
import { group, role, snapshotWith, user } from "../../helpers/snapshot-fixture.js";

// Terraform cannot fetch the AWS provider here, so `terraform validate` cannot run: the output is
// parsed with HashiCorp's own HCL parser (compiled to WebAssembly in @cdktf/hcl2json).

const SSO = "AWSReservedSSO_Dev_0123456789abcdef";
const shared = arn("policy", "shared");
const variable = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::home/${aws:username}/*" }],
};
const snapshot = snapshotWith({
  roles: [
    role("app", {
      attachedPolicyArns: [shared],
      inlinePolicies: [{ name: "all", document: S3_ALL }],
      permissionsBoundaryArn: arn("policy", "boundary"),
    }),
    role(SSO, { inlinePolicies: [{ name: "all", document: S3_ALL }] }),
  ],
  groups: [group("devs", { inlinePolicies: [{ name: "home", document: variable }] })],
  users: [user("ann", { groups: ["devs"] }), user("ben", { attachedPolicyArns: [shared] })],
  managedPolicies: {
    [shared]: managed("shared", S3_ALL),
    [arn("policy", "boundary")]: managed("boundary", S3_ALL),
  },
});
const rec = (principalArn: string, name: string) => ({
  principalArn,
  policies: [
    {
      name,
      document: {
        Version: "2012-10-17" as const,
        Statement: [
          { Sid: "S3", Effect: "Allow" as const, Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::a/x"] },
        ],
      },
    },
  ],
});

let plans: Plan[];
before(() => {
  const get = used("s3:GetObject", "arn:aws:s3:::a/x");
  ({ plans } = planFor(
    snapshot,
    {
      [arn("role", "app")]: [get],
      // Calls with no resource named keep the group's own pattern, policy variable and all.
      [arn("user", "ann")]: [{ action: "s3:GetObject", count: 2, resources: [], unscopedCalls: 2 }],
      [arn("user", "ben")]: [get],
      [arn("role", SSO)]: [get],
    },
    [
      rec(arn("role", "app"), "whittle-app"),
      rec(arn("user", "ben"), "whittle-ben"),
      rec(arn("role", SSO), "whittle-sso"),
    ],
  ));
});

const byType = (type: Plan["target"]["type"]) => {
  const plan = plans.find((p) => p.target.type === type);
  assert.ok(plan, `a ${type} plan among ${plans.map((p) => p.target.type)}`);
  return plan;
};
const TYPES = ["user", "role", "group", "policy", "permission-set"] as const;

/** Terraform heredocs are templates: `$${` and `%%{` stand for literal `${` and `%{`. */
const fromHeredoc = (text: string) => text.replaceAll("$${", "${").replaceAll("%%{", "%{");

describe("Terraform of a whole plan", () => {
  for (const type of TYPES) {
    test(`${type}: parses as HCL, and each policy document is the plan's, byte for byte as JSON`, async () => {
      const plan = byType(type);
      const hcl = (await parse(`${plan.id}.tf`, plan.iac.terraform)) as Record<
        string,
        Record<string, Record<string, Record<string, unknown>[]>>
      >;
      const documents = [
        ...Object.values(hcl.resource?.aws_iam_policy ?? {}).map((r) => r[0]!.policy),
        ...Object.values(hcl.resource?.aws_ssoadmin_permission_set_inline_policy ?? {}).map(
          (r) => r[0]!.inline_policy,
        ),
      ].map((text) => JSON.parse(fromHeredoc(String(text))));
      const statements = plan.create.flatMap((c) => c.document.Statement);
      assert.deepEqual(
        documents.flatMap((d) => d.Statement),
        statements,
      );
    });
  }

  test("a principal's plan declares its exclusive attachment and inline sets: only the new policies stay", async () => {
    const plan = byType("role");
    const hcl = (await parse("role.tf", plan.iac.terraform)) as {
      resource: Record<string, Record<string, Record<string, unknown>[]>>;
    };
    const [attachments] = Object.values(hcl.resource.aws_iam_role_policy_attachments_exclusive!);
    assert.deepEqual(attachments![0], {
      role_name: "app",
      policy_arns: [`${"$"}{aws_iam_policy.${terraformId("whittle-app")}.arn}`],
    });
    const [inline] = Object.values(hcl.resource.aws_iam_role_policies_exclusive!);
    assert.deepEqual(inline![0], { role_name: "app", policy_names: [] });
  });

  test("a shared policy is imported and rewritten in place", async () => {
    const hcl = (await parse("policy.tf", byType("policy").iac.terraform)) as Record<string, unknown>;
    assert.deepEqual(hcl.import, [{ to: "${aws_iam_policy.shared}", id: shared }]);
  });

  test("a policy variable survives as a literal, not an interpolation", () => {
    const plan = byType("group");
    assert.ok(JSON.stringify(plan.create).includes("home/${aws:username}/*"));
    assert.ok(plan.iac.terraform.includes("home/$${aws:username}/*"));
    assert.equal(/[^$]\$\{aws:/.test(plan.iac.terraform), false);
  });
});

describe("CloudFormation of a whole plan", () => {
  for (const type of TYPES) {
    test(`${type}: passes the CDK schema check, with the plan's documents`, () => {
      const plan = byType(type);
      const template = JSON.parse(plan.iac.cloudformation);
      assert.deepEqual(cloudFormationProblems(template), []);
      const documents = Object.values(
        template.Resources as Record<string, { Properties: Record<string, unknown> }>,
      )
        .flatMap((r) => [r.Properties.PolicyDocument, r.Properties.InlinePolicy])
        .filter(Boolean) as { Statement: unknown[] }[];
      assert.deepEqual(
        documents.flatMap((d) => d.Statement),
        plan.create.flatMap((c) => c.document.Statement),
      );
    });
  }

  test("the principal is declared as it is to be: the new policies only, its trust and boundary kept", () => {
    const template = JSON.parse(byType("role").iac.cloudformation);
    const roleResource = Object.values(
      template.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>,
    ).find((r) => r.Type === "AWS::IAM::Role");
    assert.deepEqual(roleResource?.Properties.ManagedPolicyArns, [{ Ref: logicalId("whittle-app") }]);
    assert.equal(roleResource?.Properties.Policies, undefined);
    assert.equal(roleResource?.Properties.PermissionsBoundary, arn("policy", "boundary"));
    assert.deepEqual(roleResource?.Properties.AssumeRolePolicyDocument, snapshot.roles[0]!.trustPolicy);
  });

  test("the schema check catches an unknown property and a wrong type", () => {
    const problems = cloudFormationProblems({
      Resources: {
        G: { Type: "AWS::IAM::Group", Properties: { Bogus: 1, ManagedPolicyArns: "x" } } as never,
      },
    });
    assert.ok(problems.some((p) => p.includes("Bogus")));
    assert.ok(problems.some((p) => p.includes("should be a list")));
  });
});
