import { logicalId, terraformId } from "./policy-names.js";

export { logicalId, terraformId as tfIdentifier };

import type { PolicyDocument } from "./types.js";

export type PrincipalType = "user" | "role" | "group";

export interface NamedPolicy {
  name: string;
  document: PolicyDocument;
}

/** Heredoc text is still interpolated by Terraform: `${` and `%{` must be escaped. */
export function tfHeredoc(text: string): string {
  // Policies seldom hold either sequence: most texts are returned as they are, uncopied.
  const dollar = text.includes("${") ? text.replace(/\$\{/g, () => "$${") : text;
  return dollar.includes("%{") ? dollar.replace(/%\{/g, () => "%%{") : dollar;
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
      const id = terraformId(p.name);
      return [
        `resource "aws_iam_policy" "${id}" {`,
        `  name   = ${tfString(p.name)}`,
        "  policy = <<-POLICY",
        `    ${tfHeredoc(JSON.stringify(p.document, null, 2)).replace(/\n/g, "\n    ")}`,
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
