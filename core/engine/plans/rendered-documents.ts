import { type NamedPolicy, tfIdentifier, tfString } from "../generate/iac.js";
import { logicalId } from "../generate/policy-names.js";
import type { Recommendation } from "../generate/types.js";

/**
 * A plan's documents as text, each where the plan's IaC embeds it: Terraform's `aws_iam_policy`
 * resource whole, CloudFormation's `PolicyDocument` value four levels in.
 */
export interface DocumentTexts {
  terraform: string[];
  cloudformation: string[];
}

const TF_END = "\n  POLICY\n}";
/** The next line of the policy's properties: inside the document, lines are further in. */
const CFN_END = ',\n        "';

/**
 * A user's or role's plan creates its recommendation's documents under their names, and the
 * recommendation's IaC already holds each as the plan embeds it: Terraform's resource written by
 * the same lines (generate/iac.ts terraformSnippet), CloudFormation's document at the same depth
 * (cloudFormationSnippet). Taken from there as slices, the texts are not stringified again, and
 * the plan's texts share the recommendation's memory rather than copy it: the documents are most
 * of both. Undefined where the IaC is not those snippets' (a permission set's) or a text is not
 * found where it belongs; the plan then renders its documents itself.
 */
export function renderedDocuments(
  recommendation: Pick<Recommendation, "policies" | "permissionSet"> &
    Partial<Pick<Recommendation, "terraform" | "cloudformation">>,
): DocumentTexts | undefined {
  const { policies, terraform, cloudformation } = recommendation;
  if (recommendation.permissionSet || terraform === undefined || cloudformation === undefined) return;
  // One CloudFormation resource per logical id: a repeated one holds a single document.
  if (new Set(policies.map((p) => logicalId(p.name))).size !== policies.length) return;
  const tf = slices(terraform, policies, terraformHead, TF_END, TF_END.length);
  const cfn = slices(cloudformation, policies, cloudFormationHead, CFN_END, 0);
  return tf && cfn ? { terraform: tf, cloudformation: cfn } : undefined;
}

const terraformHead = ({ name }: NamedPolicy) =>
  `resource "aws_iam_policy" "${tfIdentifier(name)}" {\n  name   = ${tfString(name)}\n  policy = <<-POLICY\n    `;

const cloudFormationHead = ({ name }: NamedPolicy) =>
  `        "ManagedPolicyName": ${JSON.stringify(name)},\n        "PolicyDocument": `;

/**
 * Each policy's text in `text`, in order: from its head (kept in the slice for Terraform, where
 * the resource is taken whole) to the end marker (`keep` of it included).
 */
function slices(
  text: string,
  policies: readonly NamedPolicy[],
  headOf: (policy: NamedPolicy) => string,
  end: string,
  keep: number,
): string[] | undefined {
  const out: string[] = [];
  let from = 0;
  const whole = keep > 0;
  for (const policy of policies) {
    const head = headOf(policy);
    const start = text.indexOf(head, from);
    if (start < 0) return undefined;
    const stop = text.indexOf(end, start + head.length);
    if (stop < 0) return undefined;
    out.push(text.slice(whole ? start : start + head.length, stop + keep));
    from = stop + end.length;
  }
  return out;
}
