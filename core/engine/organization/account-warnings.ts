import type { Report } from "../report/schema.js";
import type { AccountOutcome } from "./rollup.js";

/**
 * Problems of an account that bear on how far its findings, and the cross-account paths read from
 * its state, can be trusted: its snapshot's gaps (SCPs or RCPs unread, IAM data missing) and
 * detectors that failed. The rest (an activity file unread, a record malformed) only make fewer
 * things called unused, which the account's own report tells.
 */
const TRUST_BEARING = new Set(["snapshot-warning", "detector-failed"]);

/** The audited accounts' warnings that bear on trust, each prefixed with its account id. */
export function accountWarnings(audited: readonly { accountId: string; report: Report }[]): string[] {
  return audited.flatMap(({ accountId, report }) => {
    const { problems = [], warnings } = report.sources;
    // `warnings` says the same as `problems`, in the same order, as the reader sees it.
    return problems.flatMap((p, i) =>
      TRUST_BEARING.has(p.code) ? [`${accountId}: ${warnings[i] ?? p.message}`] : [],
    );
  });
}

/**
 * An account that could not be audited had none of its principals or roles read: the paths from it
 * into the others, and from them into it, are not known, which the rollup must say rather than let
 * its list of paths read as complete.
 */
export function unauditedWarnings(accounts: readonly AccountOutcome[]): string[] {
  return accounts.flatMap((a) =>
    "error" in a
      ? [
          `${a.accountId}: not audited, so cross-account paths from or into it are not known (its principals and roles were not read)`,
        ]
      : [],
  );
}
