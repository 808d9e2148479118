import { documentTextNested, tfComment, tfHeredoc, tfIdentifier, tfString } from "../generate/iac.js";
import { permissionSetScope } from "../generate/iac-permission-set.js";
import type { PolicyDocument } from "../generate/types.js";
import type { Plan } from "../report/schema.js";
import { permissionSetName } from "./principal.js";

type PlanBody = Omit<Plan, "iac">;

const EXCLUSIVE = {
  user: ["aws_iam_user_policy_attachments_exclusive", "aws_iam_user_policies_exclusive", "user_name"],
  role: ["aws_iam_role_policy_attachments_exclusive", "aws_iam_role_policies_exclusive", "role_name"],
  group: ["aws_iam_group_policy_attachments_exclusive", "aws_iam_group_policies_exclusive", "group_name"],
} as const;

/**
 * A document as a heredoc: the opening, then its lines four spaces in with the closing line. The
 * text is stringified already nested that far (documentTextNested) rather than split and re-joined
 * line by line: the same text, at a fraction of the copies.
 */
function policyText(document: PolicyDocument): [string, string] {
  return ["<<-POLICY", `    ${tfHeredoc(documentTextNested(document))}\n  POLICY`];
}

function policyResource(id: string, name: string, document: PolicyDocument, extra: string[] = []): string {
  const [open, rest] = policyText(document);
  return [
    `resource "aws_iam_policy" "${id}" {`,
    `  name   = ${tfString(name)}`,
    ...extra,
    `  policy = ${open}`,
    rest,
    "}",
  ].join("\n");
}

/**
 * The whole change as Terraform: the new policies, and the principal's exclusive sets of attached
 * and inline policies (provider 5.75+), which detach and delete everything the plan removes.
 * `resources`: the new policies' `aws_iam_policy` resources as written already (rendered-documents.ts).
 */
export function planTerraform(plan: PlanBody, resources?: readonly string[]): string {
  const header = tfComment(`${plan.id}: ${plan.summary}`);
  if (plan.target.type === "policy") return [header, policyTarget(plan)].join("\n");
  if (plan.target.type === "permission-set") return [header, permissionSetTerraform(plan)].join("\n");
  const [attachments, inline, nameKey] = EXCLUSIVE[plan.target.type];
  const target = tfIdentifier(plan.target.name);
  const ids = plan.create.map((c) => tfIdentifier(c.name));
  // Joined by concatenation, not `join`: given resources are kept as they are, not copied.
  return joined([
    header,
    ...(resources ?? plan.create.map((c, i) => policyResource(ids[i]!, c.name, c.document))),
    [
      tfComment(`Every managed policy not listed here is detached from ${plan.target.name}.`),
      `resource "${attachments}" "${target}" {`,
      `  ${nameKey.padEnd(11)} = ${tfString(plan.target.name)}`,
      "  policy_arns = [",
      ...ids.map((id) => `    aws_iam_policy.${id}.arn,`),
      "  ]",
      "}",
    ].join("\n"),
    [
      tfComment(`Every inline policy of ${plan.target.name} is deleted.`),
      `resource "${inline}" "${target}" {`,
      `  ${nameKey.padEnd(12)} = ${tfString(plan.target.name)}`,
      "  policy_names = []",
      "}",
    ].join("\n"),
  ]);
}

/** `parts.join("\n\n")` as a concatenation, which refers to long parts rather than copying them. */
function joined(parts: readonly string[]): string {
  let text = parts[0] ?? "";
  for (let i = 1; i < parts.length; i++) text = `${text}\n\n${parts[i]}`;
  return text;
}

/** The existing policy imported and given its new document: Terraform writes a new default version. */
function policyTarget(plan: PlanBody): string {
  const before = plan.before.policies[0]!;
  const id = tfIdentifier(plan.target.name);
  return [
    ["import {", `  to = aws_iam_policy.${id}`, `  id = ${tfString(plan.target.arn)}`, "}"].join("\n"),
    policyResource(id, plan.target.name, plan.create[0]!.document, [
      `  path   = ${tfString(before.path)}`,
      "  lifecycle {",
      "    # The snapshot does not hold them; changing either would replace the policy.",
      "    ignore_changes = [description, tags]",
      "  }",
    ]),
  ].join("\n\n");
}

/** One inline policy for the permission set (its quota is 32,768 characters), managed policies removed. */
function permissionSetTerraform(plan: PlanBody): string {
  const name = permissionSetName(plan.target.name) ?? plan.target.name;
  const id = tfIdentifier(name);
  const [open, rest] = policyText(mergedDocument(plan));
  return [
    tfComment(permissionSetScope(name, plan.target.arn)),
    'variable "sso_instance_arn" {\n  type        = string\n  description = "ARN of the IAM Identity Center instance"\n}',
    [
      `data "aws_ssoadmin_permission_set" "${id}" {`,
      "  instance_arn = var.sso_instance_arn",
      `  name         = ${tfString(name)}`,
      "}",
    ].join("\n"),
    [
      ...plan.detach.map((arn) => tfComment(`Remove the aws_ssoadmin_managed_policy_attachment of ${arn}.`)),
      `resource "aws_ssoadmin_permission_set_inline_policy" "${id}" {`,
      "  instance_arn       = var.sso_instance_arn",
      `  permission_set_arn = data.aws_ssoadmin_permission_set.${id}.arn`,
      `  inline_policy      = ${open}`,
      rest,
      "}",
    ].join("\n"),
  ].join("\n\n");
}

/** The plan's documents as one (a permission set has a single inline policy). */
export function mergedDocument(plan: PlanBody): PolicyDocument {
  const seen = new Set<string>();
  const Statement = plan.create
    .flatMap((c) => c.document.Statement)
    .map((s) => {
      let Sid = s.Sid;
      for (let n = 2; seen.has(Sid); n++) Sid = `${s.Sid}${n}`;
      seen.add(Sid);
      return { ...s, Sid };
    });
  return { Version: "2012-10-17", Statement };
}
