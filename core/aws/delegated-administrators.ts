import { ListDelegatedAdministratorsCommand, type OrganizationsClient } from "@aws-sdk/client-organizations";
import {
  DELEGATED_SERVICE_PRINCIPALS,
  type DelegatedAdministrators,
  type DelegatedServices,
} from "../engine/organization/delegated-services.js";
import { describeAwsError } from "./iam-errors.js";
import { pageTokens } from "./page-tokens.js";

/**
 * The accounts registered as a service's delegated administrator, every page, sorted; throws what
 * Organizations answers.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListDelegatedAdministrators.html
 */
export async function listDelegatedAdministrators(
  organizations: Pick<OrganizationsClient, "send">,
  servicePrincipal: string,
): Promise<string[]> {
  const ids: string[] = [];
  const next = pageTokens("ListDelegatedAdministrators");
  let token: string | undefined;
  do {
    const page = await organizations.send(
      new ListDelegatedAdministratorsCommand({
        ServicePrincipal: servicePrincipal,
        ...(token ? { NextToken: token } : {}),
      }),
    );
    for (const admin of page.DelegatedAdministrators ?? []) if (admin.Id) ids.push(admin.Id);
    token = next(page.NextToken);
  } while (token);
  return [...new Set(ids)].sort();
}

/**
 * The delegated administrators of StackSets and IAM Identity Center, each read on its own: one that
 * cannot be read is said why (the rollup warns), and fails nothing else.
 */
export async function readDelegatedServices(
  organizations: Pick<OrganizationsClient, "send">,
): Promise<DelegatedServices> {
  const read = async (principal: string): Promise<DelegatedAdministrators> => {
    try {
      return { accounts: await listDelegatedAdministrators(organizations, principal) };
    } catch (error) {
      return { unread: describeAwsError(error) };
    }
  };
  const [stackSets, identityCenter] = await Promise.all([
    read(DELEGATED_SERVICE_PRINCIPALS.stackSets),
    read(DELEGATED_SERVICE_PRINCIPALS.identityCenter),
  ]);
  return { stackSets, identityCenter };
}
