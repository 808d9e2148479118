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

/** A document as indented JSON: Terraform and CloudFormation embed the same text, each at its own depth. */
export const documentText = (document: PolicyDocument) => JSON.stringify(document, null, 2);

/** Indented JSON text moved `depth` levels in: re-indenting costs a fraction of stringifying again. */
export const nested = (text: string, depth: number) => text.replace(/\n/g, `\n${"  ".repeat(depth)}`);

/**
 * `JSON.stringify(template, null, 2)` for a template whose documents stand at `depth`, written as
 * their index (a number) in `template`. A property name followed by an unquoted number is only ever
 * structure (inside a JSON string every quote is escaped), so each is swapped for its document's text.
 */
export function spliceDocuments(
  template: object,
  key: string,
  texts: readonly string[],
  depth: number,
): string {
  return JSON.stringify(template, null, 2).replace(
    new RegExp(`"${key}": (\\d+)`, "g"),
    (_, i: string) => `"${key}": ${nested(texts[Number(i)]!, depth)}`,
  );
}

/** `aws_iam_policy` plus its attachment to the principal, one pair per document. */
export function terraformSnippet(
  principalType: PrincipalType,
  principalName: string,
  policies: readonly NamedPolicy[],
  texts: readonly string[] = policies.map((p) => documentText(p.document)),
): string {
  const attachment = {
    user: ["aws_iam_user_policy_attachment", "user"],
    role: ["aws_iam_role_policy_attachment", "role"],
    group: ["aws_iam_group_policy_attachment", "group"],
  }[principalType];
  return policies
    .map((p, i) => {
      const id = terraformId(p.name);
      return [
        `resource "aws_iam_policy" "${id}" {`,
        `  name   = ${tfString(p.name)}`,
        "  policy = <<-POLICY",
        `    ${nested(tfHeredoc(texts[i]!), 2)}`,
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
  texts: readonly string[] = policies.map((p) => documentText(p.document)),
): string {
  const attach = { user: "Users", role: "Roles", group: "Groups" }[principalType];
  const resources = Object.fromEntries(
    policies.map((p, i) => [
      logicalId(p.name),
      {
        Type: "AWS::IAM::ManagedPolicy",
        Properties: { ManagedPolicyName: p.name, PolicyDocument: i, [attach]: [principalName] },
      },
    ]),
  );
  // Resources → logical id → Properties → PolicyDocument.
  return spliceDocuments({ Resources: resources }, "PolicyDocument", texts, 4);
}
