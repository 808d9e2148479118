import { logicalId, terraformId } from "./policy-names.js";

export { logicalId, terraformId as tfIdentifier };

import type { PolicyDocument } from "./types.js";

export type PrincipalType = "user" | "role" | "group";

export interface NamedPolicy {
  name: string;
  document: PolicyDocument;
}

/**
 * A one-line Terraform comment about account text. A line break in a name (IAM allows none, a forged
 * snapshot may hold one) would end the comment, and what follows it would be configuration.
 */
export const tfComment = (text: string) => `# ${text.replace(/[\r\n]+/g, " ")}`;

/** Heredoc text is still interpolated by Terraform: `${` and `%{` must be escaped. */
export function tfHeredoc(text: string): string {
  // Policies seldom hold either sequence: most texts are returned as they are, uncopied.
  const dollar = text.includes("${") ? text.replace(/\$\{/g, () => "$${") : text;
  return dollar.includes("%{") ? dollar.replace(/%\{/g, () => "%%{") : dollar;
}

/**
 * A quoted Terraform string. JSON's escapes are HCL's but for `\b` and `\f`, which Terraform
 * refuses (the whole file with them): those two are written as `\u` escapes. Pairs are read from
 * the left, so an escaped backslash before a `b` stays as it is.
 */
export const tfString = (value: string) =>
  tfHeredoc(JSON.stringify(value).replace(/\\./g, (pair) => HCL_ESCAPES[pair] ?? pair));

const HCL_ESCAPES: Record<string, string> = { "\\b": "\\u0008", "\\f": "\\u000c" };

/** A document as indented JSON, as a reader opens it. */
export const documentText = (document: PolicyDocument) => JSON.stringify(document, null, 2);

/** Indented JSON text moved `depth` levels in: re-indenting costs a fraction of stringifying again. */
export const nested = (text: string, depth: number) => text.replace(/\n/g, `\n${"  ".repeat(depth)}`);

/** `{"d": {"d": …}}` as JSON.stringify indents it, around the document's own text. */
const WRAPPED_HEAD = '{\n  "d": {\n    "d": '.length;
const WRAPPED_TAIL = "\n  }\n}".length;

/**
 * `nested(documentText(document), 2)`, the depth at which Terraform embeds a document (and from
 * which CloudFormation's is two levels further): stringified inside two levels of wrapper and cut
 * out, which costs no more than stringifying it alone and spares a re-indenting copy of every text.
 */
export function documentTextNested(document: PolicyDocument): string {
  const text = JSON.stringify({ d: { d: document } }, null, 2);
  return text.slice(WRAPPED_HEAD, text.length - WRAPPED_TAIL);
}

const ATTACHMENT = {
  user: ["aws_iam_user_policy_attachment", "user      "],
  role: ["aws_iam_role_policy_attachment", "role      "],
  group: ["aws_iam_group_policy_attachment", "group     "],
} as const;

/**
 * `aws_iam_policy` plus its attachment to the principal, one pair per document; `texts` are the
 * documents as `documentTextNested` writes them. Every line of every pair is joined once: the
 * documents' texts are long, and each join copies them.
 */
export function terraformSnippet(
  principalType: PrincipalType,
  principalName: string,
  policies: readonly NamedPolicy[],
  texts: readonly string[] = policies.map((p) => documentTextNested(p.document)),
): string {
  const [resource, field] = ATTACHMENT[principalType];
  const principal = tfString(principalName);
  const lines: string[] = [];
  for (let i = 0; i < policies.length; i++) {
    const name = policies[i]!.name;
    const id = terraformId(name);
    // An empty line between pairs.
    if (i > 0) lines.push("");
    lines.push(
      `resource "aws_iam_policy" "${id}" {`,
      `  name   = ${tfString(name)}`,
      "  policy = <<-POLICY",
      `    ${tfHeredoc(texts[i]!)}`,
      "  POLICY",
      "}",
      "",
      `resource "${resource}" "${id}" {`,
      `  ${field} = ${principal}`,
      `  policy_arn = aws_iam_policy.${id}.arn`,
      "}",
    );
  }
  return lines.join("\n");
}

const ATTACH = { user: '"Users"', role: '"Roles"', group: '"Groups"' } as const;

/**
 * `AWS::IAM::ManagedPolicy` resources attached to the principal, as a JSON template fragment:
 * the text JSON.stringify(template, null, 2) writes, with `texts` (as `documentTextNested` writes
 * them) two levels further in, written line by line instead of stringifying every document again.
 */
export function cloudFormationSnippet(
  principalType: PrincipalType,
  principalName: string,
  policies: readonly NamedPolicy[],
  texts: readonly string[] = policies.map((p) => documentTextNested(p.document)),
): string {
  // As an object's keys (an id starts with a letter, so none is ordered as an array index): a
  // repeated id (two names of one hash) keeps its first place and its last policy.
  const byId = new Map<string, number>();
  for (let i = 0; i < policies.length; i++) byId.set(logicalId(policies[i]!.name), i);
  if (byId.size === 0) return '{\n  "Resources": {}\n}';
  const principal = JSON.stringify(principalName);
  const lines = ["{", '  "Resources": {'];
  let left = byId.size;
  for (const [id, i] of byId) {
    lines.push(
      `    ${JSON.stringify(id)}: {`,
      '      "Type": "AWS::IAM::ManagedPolicy",',
      '      "Properties": {',
      `        "ManagedPolicyName": ${JSON.stringify(policies[i]!.name)},`,
      `        "PolicyDocument": ${nested(texts[i]!, 2)},`,
      `        ${ATTACH[principalType]}: [`,
      `          ${principal}`,
      "        ]",
      "      }",
      --left > 0 ? "    }," : "    }",
    );
  }
  lines.push("  }", "}");
  return lines.join("\n");
}
