import assert from "node:assert/strict";
import { test } from "node:test";
import { parse } from "@cdktf/hcl2json";
import { arn, managed, planFor, S3_ALL, used } from "../../helpers/plan-fixture.js";
import { role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// A name read from a hand-edited or forged snapshot may hold line breaks, which IAM's own names
// cannot: in a Terraform comment, the text after one would be code that `terraform apply` runs.
const INJECTED = 'app\nresource "aws_iam_user" "backdoor" { name = "backdoor" }\n';
const SHARED = 'shared\r\nresource "aws_iam_user" "other" {}';

test("a name with line breaks stays inside the Terraform comments that mention it", async () => {
  const shared = arn("policy", SHARED);
  const snapshot = snapshotWith({
    roles: [
      role(INJECTED, { inlinePolicies: [{ name: "all", document: S3_ALL }] }),
      role("reader", { attachedPolicyArns: [shared] }),
    ],
    managedPolicies: { [shared]: managed(SHARED, S3_ALL) },
  });
  const get = used("s3:GetObject", "arn:aws:s3:::a/x");
  const rec = (principalArn: string) => ({
    principalArn,
    policies: [
      {
        name: "whittle-app",
        document: {
          Version: "2012-10-17" as const,
          Statement: [
            { Sid: "S3", Effect: "Allow" as const, Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::a/x"] },
          ],
        },
      },
    ],
  });
  const { plans } = planFor(snapshot, { [arn("role", INJECTED)]: [get], [arn("role", "reader")]: [get] }, [
    rec(arn("role", INJECTED)),
    rec(arn("role", "reader")),
  ]);
  assert.equal(plans.length, 2);
  for (const plan of plans) {
    const hcl = (await parse(`${plan.id}.tf`, plan.iac.terraform)) as {
      resource?: Record<string, unknown>;
    };
    assert.equal(hcl.resource?.aws_iam_user, undefined, plan.iac.terraform);
  }
});

// JSON.stringify writes a backspace and a form feed as `\b` and `\f`, escapes HCL does not have:
// Terraform refused the whole file ("Invalid escape sequence").
const READ = {
  Version: "2012-10-17" as const,
  Statement: [
    { Sid: "S3", Effect: "Allow" as const, Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::a/x"] },
  ],
};

test("a name holding a backspace or a form feed is a valid Terraform string of that name", async () => {
  for (const name of ["app\bx", "app\fx\\b"]) {
    const snapshot = snapshotWith({
      roles: [role(name, { inlinePolicies: [{ name: "all", document: S3_ALL }] })],
    });
    const principal = arn("role", name);
    const { plans } = planFor(snapshot, { [principal]: [used("s3:GetObject", "arn:aws:s3:::a/x")] }, [
      { principalArn: principal, policies: [{ name: "whittle-app", document: READ }] },
    ]);
    assert.equal(plans.length, 1);
    const hcl = (await parse("plan.tf", plans[0]!.iac.terraform)) as {
      resource: Record<string, Record<string, { role_name?: string }[]>>;
    };
    const [inline] = Object.values(hcl.resource.aws_iam_role_policies_exclusive!);
    assert.equal(inline![0]!.role_name, name);
  }
});
