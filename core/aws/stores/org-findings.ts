import { InvalidPageTokenError } from "./errors.js";
import { listAuditedAccounts } from "./run-listing.js";
import type { RunTable } from "./run-records.js";
import { encodePageToken, latestKey, ORG_LATEST_PARTITION } from "./table-keys.js";
import type { FindingQuery, Page, StoredFinding } from "./types.js";

export type OrgFindingQuery = Omit<FindingQuery, "accountId">;
type QueryAccount = (query: FindingQuery) => Promise<Page<StoredFinding>>;

/** Accounts one page visits at most, so an organization of empty accounts cannot make a page unbounded. */
const ACCOUNTS_PER_PAGE = 100;

/**
 * Findings across every audited account, account by account (by id), most severe first within each.
 * The cursor names the account reached and, when that account has more, its own page token.
 */
export async function queryOrgFindings(
  t: RunTable,
  queryAccount: QueryAccount,
  query: OrgFindingQuery,
): Promise<Page<StoredFinding>> {
  const limit = query.limit ?? 50;
  const cursor = query.nextToken === undefined ? undefined : decodeCursor(query.nextToken);
  const items: StoredFinding[] = [];
  const { nextToken: _, ...filters } = query;
  const visit = async (accountId: string, token?: string): Promise<string | undefined> => {
    const page = await queryAccount({
      ...filters,
      accountId,
      limit: limit - items.length,
      ...(token ? { nextToken: token } : {}),
    });
    items.push(...page.items);
    if (page.nextToken) return encodeCursor(accountId, page.nextToken);
    return items.length >= limit ? encodeCursor(accountId) : undefined;
  };
  if (cursor?.token) {
    const next = await visit(cursor.account, cursor.token);
    if (next) return { items, nextToken: next };
  }
  let accountsToken = cursor && accountAfter(cursor.account);
  let visited = 0;
  do {
    const accounts = await listAuditedAccounts(t, {
      limit: ACCOUNTS_PER_PAGE,
      ...(accountsToken ? { nextToken: accountsToken } : {}),
    });
    for (const accountId of accounts.items) {
      const next = await visit(accountId);
      if (next) return { items, nextToken: next };
      if (++visited >= ACCOUNTS_PER_PAGE) return { items, nextToken: encodeCursor(accountId) };
    }
    accountsToken = accounts.nextToken;
  } while (accountsToken);
  return { items };
}

/** The accounts listing's token that resumes after this account. */
function accountAfter(accountId: string): string | undefined {
  return encodePageToken({ ...latestKey(accountId), gsi1pk: ORG_LATEST_PARTITION, gsi1sk: accountId });
}

function encodeCursor(account: string, token?: string): string {
  return Buffer.from(JSON.stringify(token ? { account, token } : { account })).toString("base64url");
}

function decodeCursor(value: string): { account: string; token?: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, "base64url").toString("utf8"));
    const { account, token } = (parsed ?? {}) as Record<string, unknown>;
    if (
      typeof account === "string" &&
      /^\d{12}$/.test(account) &&
      ["string", "undefined"].includes(typeof token)
    )
      return token === undefined ? { account } : { account, token: token as string };
  } catch {
    // Not JSON: refused below like any other foreign token.
  }
  throw new InvalidPageTokenError("nextToken is not a token this API issued");
}
