import type { AccountPermissions } from "../account/permissions.js";
import type { Finding } from "../findings/types.js";
import type { ReportPrincipal } from "../report/schema.js";

type Verdict = Pick<ReportPrincipal, "usage" | "usageReason">;

/**
 * used: some source shows a use in the window. unused: the unused-role / unused-user detector
 * found evidence that could have shown a use and did not (it needs the activity read to cover the
 * window, or IAM's own last-used data from a snapshot not older than the audit time). unknown:
 * anything else; never guessed as unused.
 */
export function principalUsage(input: {
  last: string | null;
  seen: string | undefined;
  unused: Finding | undefined;
  windowStart: string;
  gap: string;
  /** When the snapshot is older than the audit time (findings/snapshot-age.ts). */
  snapshotAge?: string;
}): Verdict {
  if (input.seen && input.seen >= input.windowStart)
    return { usage: "used", usageReason: `seen in CloudTrail, last on ${input.seen}` };
  if (input.last && input.last >= input.windowStart)
    return { usage: "used", usageReason: `IAM records a use on ${input.last}` };
  if (input.unused) return { usage: "unused", usageReason: input.unused.title };
  if (input.snapshotAge)
    return {
      usage: "unknown",
      usageReason: `not seen, but IAM's last-used data ends at the snapshot (${input.snapshotAge})${input.gap ? ` and the CloudTrail evidence is incomplete: ${input.gap}` : ""}`,
    };
  if (input.gap)
    return { usage: "unknown", usageReason: `not seen, but the evidence is incomplete: ${input.gap}` };
  return {
    usage: "unknown",
    usageReason: "not seen in the window, but too new to judge or without any record that could show its use",
  };
}

/**
 * A group is used when a member is, unused when every member is, and otherwise unknown; its
 * `lastUsed` is its members' latest, so that the pair never reads "used" beside "never used".
 */
export function withGroupUsage<T extends ReportPrincipal>(rows: T[], account: AccountPermissions): T[] {
  const byArn = new Map(rows.map((r) => [r.arn, r]));
  return rows.map((row) => {
    if (row.type !== "group") return row;
    const members = account.snapshot.users
      .filter((u) => u.groups.includes(row.name))
      .map((u) => byArn.get(u.arn))
      .filter((r): r is T => r !== undefined);
    const used = members.filter((m) => m.usage === "used").length;
    const verdict: Verdict =
      members.length === 0
        ? { usage: "unknown", usageReason: "the group has no members" }
        : used > 0
          ? { usage: "used", usageReason: `${used} of ${members.length} member(s) used` }
          : members.every((m) => m.usage === "unused")
            ? { usage: "unused", usageReason: `none of its ${members.length} member(s) was used` }
            : { usage: "unknown", usageReason: "no member was seen, and some members' use is unknown" };
    // Every lastUsed is written by toISOString: as text, the latest sorts last.
    const last = members.reduce<string | null>(
      (latest, m) => (m.lastUsed !== null && (latest === null || m.lastUsed > latest) ? m.lastUsed : latest),
      null,
    );
    return { ...row, lastUsed: last, ...verdict };
  });
}
