import { lstat, readdir } from "node:fs/promises";
import { join } from "node:path";

/** What an org run did for an account of the organization. */
export interface AccountOfRun {
  accountId: string;
  audited: boolean;
}

/**
 * Warnings, as `<accountId>: <warning>`, for the folders of an org run's `--out` that hold an
 * account's report (`<12 digits>/report.json`) this run did not write: an account no longer in
 * the organization, or one it could not audit. Such a report is an earlier run's; beside this run's
 * reports it would pass for a current one (the rollup links neither). Left in place, never removed:
 * the folder may be all the reader has of that account.
 */
export async function earlierAccountReports(
  outDir: string,
  accounts: readonly AccountOfRun[],
): Promise<string[]> {
  const audited = new Map(accounts.map((a) => [a.accountId, a.audited]));
  const names = await readdir(outDir).catch(() => [] as string[]);
  const warnings: string[] = [];
  for (const id of names.filter((name) => ACCOUNT_ID.test(name)).sort()) {
    if (audited.get(id) === true || !(await isFile(join(outDir, id, "report.json")))) continue;
    const folder = join(outDir, id);
    warnings.push(
      audited.has(id)
        ? `${id}: ${folder} holds an earlier run's report of the account, not this run's, which could not audit it`
        : `${id}: ${folder} holds an earlier run's report of an account that is not in the organization now; this run did not audit it`,
    );
  }
  return warnings;
}

const ACCOUNT_ID = /^\d{12}$/;

async function isFile(path: string): Promise<boolean> {
  return lstat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}
