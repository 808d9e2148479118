import {
  DescribeResourcePolicyCommand,
  type OrganizationsClient,
  ResourcePolicyNotFoundException,
} from "@aws-sdk/client-organizations";
import type { PolicyDelegation } from "../engine/organization/policy-delegation.js";
import { describeAwsError } from "./iam-errors.js";

/**
 * The organization's resource-based delegation policy (organizations:DescribeResourcePolicy): the
 * Organizations calls, such as rewriting SCPs, its member accounts may make. None is a fact; one
 * that cannot be read is said why (the rollup warns), and fails nothing else.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribeResourcePolicy.html
 */
export async function readPolicyDelegation(
  organizations: Pick<OrganizationsClient, "send">,
): Promise<PolicyDelegation> {
  try {
    const { ResourcePolicy } = await organizations.send(new DescribeResourcePolicyCommand({}));
    const content = ResourcePolicy?.Content;
    return content === undefined ? { unread: "the answer holds no policy content" } : { document: content };
  } catch (error) {
    if (error instanceof ResourcePolicyNotFoundException) return { none: true };
    return { unread: describeAwsError(error) };
  }
}
