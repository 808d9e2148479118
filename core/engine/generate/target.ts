import { cloudFormationSnippet, documentTextNested, type NamedPolicy, terraformSnippet } from "./iac.js";
import {
  PERMISSION_SET_POLICY_SIZE,
  permissionSetCloudFormation,
  permissionSetScope,
  permissionSetTerraform,
} from "./iac-permission-set.js";
import { policyBase, policyNames } from "./policy-names.js";
import type { GenerateInput, PolicyDocument } from "./types.js";

/** Where a recommendation is applied: its policies' names and the IaC that applies them. */
export interface RenderedTarget {
  policies: NamedPolicy[];
  terraform: string;
  cloudformation: string;
  permissionSet?: { name: string };
}

/** The size a generated document may reach: a permission set's single inline policy, or IAM's limit. */
export function documentLimit(input: GenerateInput, maxPolicySize: number): number {
  return input.permissionSet ? PERMISSION_SET_POLICY_SIZE : maxPolicySize;
}

/**
 * Names the documents and renders them for the principal: managed policies attached to the user
 * or role, or, for an Identity Center role, its permission set's inline policy (undefined when the
 * set needs more than the one inline policy a permission set holds).
 */
export function renderTarget(
  input: GenerateInput,
  documents: readonly PolicyDocument[],
): RenderedTarget | undefined {
  const permissionSet = input.permissionSet;
  const base =
    input.policyBase ??
    policyBase({
      arn: input.principalArn,
      type: permissionSet ? "permission-set" : input.principalType,
      path: "/",
      name: permissionSet ?? input.principalName,
    });
  const names = policyNames(base, documents.length);
  const policies = documents.map((document, i) => ({ name: names[i]!, document }));
  if (!permissionSet) {
    // Stringified once, for both.
    const texts = documents.map(documentTextNested);
    return {
      policies,
      terraform: terraformSnippet(input.principalType, input.principalName, policies, texts),
      cloudformation: cloudFormationSnippet(input.principalType, input.principalName, policies, texts),
    };
  }
  const [only] = policies;
  if (!only || policies.length > 1) return undefined;
  const scope = permissionSetScope(permissionSet, input.principalArn);
  return {
    policies,
    terraform: permissionSetTerraform(permissionSet, scope, only, managedSources(input)),
    cloudformation: permissionSetCloudFormation(permissionSet, scope, only),
    permissionSet: { name: permissionSet },
  };
}

/** The managed policies the principal holds today (identity sources that are not inline). */
function managedSources(input: GenerateInput): string[] {
  return input.current.policies.identity
    .map((p) => p.source)
    .filter((source) => !source.includes("#inline/"))
    .sort();
}
