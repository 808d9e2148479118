import { type OrganizationsClient, paginateListAccounts } from "@aws-sdk/client-organizations";

export interface OrganizationAccount {
  id: string;
  name?: string;
  /** ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED... (`State`, or the retiring `Status`). */
  state: string;
}

/**
 * Every account of the organization, as ListAccounts returns them to the management or delegated
 * administrator account, in id order so that runs and reports are stable.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccounts.html
 */
export async function listOrganizationAccounts(
  client: Pick<OrganizationsClient, "send">,
): Promise<OrganizationAccount[]> {
  const accounts: OrganizationAccount[] = [];
  for await (const page of paginateListAccounts({ client: client as OrganizationsClient }, {})) {
    for (const account of page.Accounts ?? []) {
      if (!account.Id) continue;
      accounts.push({
        id: account.Id,
        ...(account.Name ? { name: account.Name } : {}),
        state: account.State ?? account.Status ?? "UNKNOWN",
      });
    }
  }
  return accounts.sort((a, b) => a.id.localeCompare(b.id));
}
