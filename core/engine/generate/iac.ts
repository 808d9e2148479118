import type { PolicyDocument } from "./types.js";

export type PrincipalType = "user" | "role" | "group";

export interface NamedPolicy {
  name: string;
  document: PolicyDocument;
}

/** Terraform identifiers: letters, digits, underscores, not starting with a digit. */
export function tfIdentifier(name: string): string {
  const id = name.replace(/[^A-Za-z0-9_]/g, "_");
  return /^[A-Za-z_]/.test(id) ? id : `p_${id}`;
}

/** Heredoc text is still interpolated by Terraform: `${` and `%{` must be escaped. */
export function tfHeredoc(text: string): string {
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

export const tfString = (value: string) => tfHeredoc(JSON.stringify(value));

/** `aws_iam_policy` plus its attachment to the principal, one pair per document. */
export function terraformSnippet(
  principalType: PrincipalType,
  principalName: string,
  policies: readonly NamedPolicy[],
): string {
  const attachment = {
    user: ["aws_iam_user_policy_attachment", "user"],
    role: ["aws_iam_role_policy_attachment", "role"],
    group: ["aws_iam_group_policy_attachment", "group"],
  }[principalType];
  return policies
    .map((p) => {
      const id = tfIdentifier(p.name);
      return [
        `resource "aws_iam_policy" "${id}" {`,
        `  name   = ${tfString(p.name)}`,
        "  policy = <<-POLICY",
        ...tfHeredoc(JSON.stringify(p.document, null, 2))
          .split("\n")
          .map((line) => `    ${line}`),
        "  POLICY",
        "}",
        "",
        `resource "${attachment[0]}" "${id}" {`,
        `  ${attachment[1]!.padEnd(10)} = ${tfString(principalName)}`,
        `  policy_arn = aws_iam_policy.${id}.arn`,
        "}",
      ].join("\n");
    })
    .join("\n\n");
}

/** CloudFormation logical ids are alphanumeric. */
export function logicalId(name: string): string {
  const id = name.replace(/[^A-Za-z0-9]/g, "");
  return /^[A-Za-z]/.test(id) ? id : `Policy${id}`;
}

/** `AWS::IAM::ManagedPolicy` resources attached to the principal, as a JSON template fragment. */
export function cloudFormationSnippet(
  principalType: PrincipalType,
  principalName: string,
  policies: readonly NamedPolicy[],
): string {
  const attach = { user: "Users", role: "Roles", group: "Groups" }[principalType];
  const resources = Object.fromEntries(
    policies.map((p) => [
      logicalId(p.name),
      {
        Type: "AWS::IAM::ManagedPolicy",
        Properties: { ManagedPolicyName: p.name, PolicyDocument: p.document, [attach]: [principalName] },
      },
    ]),
  );
  return JSON.stringify({ Resources: resources }, null, 2);
}

/** `whittle-<principal>[-N]`, within IAM's 128-character policy name limit and its character set. */
export function policyNames(principalName: string, count: number): string[] {
  const base = `whittle-${principalName}`.replace(/[^\w+=,.@-]/g, "-").slice(0, 120);
  return Array.from({ length: count }, (_, i) => (count === 1 ? base : `${base}-${i + 1}`));
}
