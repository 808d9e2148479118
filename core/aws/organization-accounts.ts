import { type OrganizationsClient, paginateListAccounts } from "@aws-sdk/client-organizations";
import { pageTokens } from "./page-tokens.js";

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
  const listed = new Set<string>();
  const next = pageTokens("ListAccounts");
  for await (const page of paginateListAccounts({ client: client as OrganizationsClient }, {})) {
    // Checked before the paginator asks for the next page: it follows a repeated token forever.
    next(page.NextToken);
    for (const account of page.Accounts ?? []) {
      // Listed again (a page answered twice): audited twice at once, two runs would write its folder.
      if (!account.Id || listed.has(account.Id)) continue;
      listed.add(account.Id);
      accounts.push({
        id: account.Id,
        ...(account.Name ? { name: account.Name } : {}),
        state: account.State ?? account.Status ?? "UNKNOWN",
      });
    }
  }
  return accounts.sort((a, b) => a.id.localeCompare(b.id));
}
