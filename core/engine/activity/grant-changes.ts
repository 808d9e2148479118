import { compare } from "./action-state.js";
import { GRANTING_CALLS } from "./knowledge/granting-calls.js";
import type { CloudTrailEvent } from "./types.js";

/**
 * One change the trail shows granting permissions inside the window: `count` successful calls of
 * `eventName` on one target, between `firstSeen` and `lastSeen`.
 */
export interface GrantChange {
  eventName: string;
  /** The account the call changed (its recipient, else the caller's). */
  accountId?: string;
  target: "user" | "role" | "group" | "policy";
  /** The user, role or group name, or the managed policy's ARN. */
  name: string;
  /** The inline policy's name, the managed policy's ARN or the group's name; absent for a version. */
  grant?: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
}

/** The change a successful call makes, or undefined when it grants nothing. */
export function grantChangeOf(
  event: CloudTrailEvent,
  time: string,
): Omit<GrantChange, "count" | "lastSeen"> | undefined {
  if (event.eventSource !== "iam.amazonaws.com" || event.errorCode) return undefined;
  const call = Object.hasOwn(GRANTING_CALLS, event.eventName) ? GRANTING_CALLS[event.eventName] : undefined;
  if (!call) return undefined;
  const params = event.requestParameters ?? {};
  const name = params[call.targetParameter];
  const grant = call.grantParameter === undefined ? undefined : params[call.grantParameter];
  if (typeof name !== "string" || name === "") return undefined;
  if (call.grantParameter !== undefined && (typeof grant !== "string" || grant === "")) return undefined;
  if (call.onlyWhen !== undefined && !isTrue(params[call.onlyWhen])) return undefined;
  const accountId = event.recipientAccountId ?? event.userIdentity?.accountId;
  return {
    eventName: event.eventName,
    ...(typeof accountId === "string" ? { accountId } : {}),
    target: call.target,
    name,
    ...(typeof grant === "string" ? { grant } : {}),
    firstSeen: time,
  };
}

function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

/** The key two records of one change share. Lengths first: a NUL in a name could otherwise make two one. */
export function grantKey(change: Omit<GrantChange, "count" | "firstSeen" | "lastSeen">): string {
  return [change.eventName, change.accountId ?? "", change.name, change.grant ?? ""]
    .map((part) => `${part.length}:${part}`)
    .join("");
}

/** Adds `count` calls of a change between `first` and `last`: sums and extremes, so any merge order agrees. */
export function addGrantChange(
  into: Map<string, GrantChange>,
  change: Omit<GrantChange, "count" | "lastSeen">,
  count: number,
  last: string,
): void {
  const key = grantKey(change);
  const entry = into.get(key);
  if (!entry) {
    into.set(key, { ...change, count, lastSeen: last });
    return;
  }
  entry.count += count;
  if (change.firstSeen < entry.firstSeen) entry.firstSeen = change.firstSeen;
  if (last > entry.lastSeen) entry.lastSeen = last;
}

export function mergeGrantChanges(into: Map<string, GrantChange>, from: Map<string, GrantChange>): void {
  for (const change of from.values()) addGrantChange(into, change, change.count, change.lastSeen);
}

export function sortedGrantChanges(changes: Map<string, GrantChange>): GrantChange[] {
  return [...changes.entries()].sort(([a], [b]) => compare(a, b)).map(([, c]) => ({ ...c }));
}
