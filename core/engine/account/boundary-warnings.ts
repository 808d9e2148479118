import type { AccountPermissions } from "./permissions.js";
import { unreadBoundarySource } from "./unread-boundary.js";

/**
 * Warnings naming each permissions boundary the audit could not read in full, and whom it bounds,
 * unless the snapshot's own warnings already name it (a GAAD without its document says so when
 * read): a hand-made snapshot, or a boundary with a statement left out, otherwise makes its users
 * and roles conditional with nothing saying why.
 */
export function unreadBoundaryWarnings(account: AccountPermissions, warnings: readonly string[]): string[] {
  const bounded = new Map<string, string[]>();
  for (const access of account.all()) {
    if (access.type === "group") continue;
    const source = unreadBoundarySource(access.permissions);
    if (!source || warnings.some((w) => w.includes(source))) continue;
    bounded.set(source, [...(bounded.get(source) ?? []), access.principal.name]);
  }
  return [...bounded].map(([source, names]) => {
    const how = account.snapshot.managedPolicies[source]
      ? "has statements that could not be read (see its policy-invalid finding), which may allow more than the rest"
      : "has no document in the snapshot";
    return `permissions boundary ${source} ${how}, so what it holds back is unknown and the permissions of ${names.join(", ")} are known only in part (conditional, no recommendation)`;
  });
}
