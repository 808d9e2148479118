import { randomUUID } from "node:crypto";
import { readFileSync, readlinkSync } from "node:fs";
import { hostname, userInfo } from "node:os";
import {
  BackupChangedError,
  type BackupStore,
  type ChangeLease,
  type ChangeRecord,
  released,
} from "../engine/plans/change.js";
import { otherChanges } from "./plan-siblings.js";

/**
 * How long a run's lease holds: far past any apply or rollback (seconds of IAM calls and reads),
 * as long as the deployed API waits before taking over a change its function lost.
 */
export const LEASE_MS = 15 * 60_000;

/** The runs of this process still working, by token: a lease of this process not here has ended. */
const running = new Set<string>();

/** Who runs this process, as a lease names it where no caller ARN is known. */
export function localRunner(caller?: string): string {
  let user = "";
  try {
    user = `${userInfo().username}@`;
  } catch {
    // No user name (a container's uid without a passwd entry): the host alone.
  }
  return `${caller ? `${caller}, ` : ""}${user}${hostname()} pid ${process.pid}`;
}

/**
 * The kernel boot and process namespace of this process, where Linux shows them: process ids are
 * compared only between leases of the same. A host name alone is shared by a container on the
 * host's network (docker --network host, Kubernetes hostNetwork), whose processes are not this
 * one's to look up. Undefined where neither can be read (macOS, Windows).
 */
function machineOf(): string | undefined {
  try {
    const boot = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
    return `${boot} ${readlinkSync("/proc/self/ns/pid")}`;
  } catch {
    return undefined;
  }
}

const machine = machineOf();

/** A new lease of this process, held from `now` for LEASE_MS. */
export function newLease(action: ChangeLease["action"], by: string, now: Date): ChangeLease {
  const token = randomUUID();
  running.add(token);
  return {
    action,
    by,
    token,
    host: hostname(),
    pid: process.pid,
    ...(machine ? { machine } : {}),
    since: now.toISOString(),
    expiresAt: new Date(now.getTime() + LEASE_MS).toISOString(),
  };
}

/** This process's run of the lease has ended (given back, or not). */
export function endLease(lease: ChangeLease | undefined): void {
  if (lease) running.delete(lease.token);
}

/**
 * Why a lease no longer holds, or undefined while it does: past its expiry, or taken on this host
 * (its name, boot and process namespace) by a process that has ended (or by this one, in a run
 * that has ended). A process of the same id elsewhere, or one this user may not signal, is
 * counted as running.
 */
export function leaseEnded(lease: ChangeLease, now: Date): string | undefined {
  if (now.toISOString() >= lease.expiresAt) return `its lease expired at ${lease.expiresAt}`;
  // Another machine, or one this process cannot tell is this one (a lease of an earlier Whittle,
  // with no machine named): its process cannot be looked up here, and the lease holds.
  if (lease.host !== hostname() || lease.machine !== machine) return undefined;
  if (lease.pid === process.pid) return running.has(lease.token) ? undefined : "its run has ended";
  try {
    process.kill(lease.pid, 0);
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH" ? "its process has ended" : undefined;
  }
}

/** One line on a lease that holds: who, since when, until when. */
export function leaseHeld(record: ChangeRecord, lease: ChangeLease): string {
  const doing = lease.action === "apply" ? "being applied" : "being rolled back";
  return `change ${record.changeId} is ${doing} by ${lease.by} since ${lease.since}: let that run finish; if it has stopped, its lease expires at ${lease.expiresAt}, after which a rollback takes the change over`;
}

/**
 * Other changes of the plan that a run holds a lease on now: an apply of the same plan, or a
 * rollback of its earlier change, working on the same principals. Each run takes its own lease
 * first and looks second, so of two at once at least one sees the other. A location that cannot
 * be listed (s3:GetObject and s3:PutObject granted, s3:ListBucket not) cannot tell, and shows none.
 */
export async function othersRunning(
  store: BackupStore,
  record: ChangeRecord,
  now: Date,
): Promise<string | undefined> {
  for await (const other of otherChanges(store, record))
    if (other.lease && !leaseEnded(other.lease, now)) return leaseHeld(other, other.lease);
  return undefined;
}

/**
 * Takes the change's lease for a rollback, over the record as read (its status and lease, written
 * as one conditional step), or says why not: another run holds it, or wrote the record since it
 * was read. A lease whose run has ended is taken over, and `notice` told so.
 */
export async function takeLease(
  store: BackupStore,
  record: ChangeRecord,
  by: string,
  now: Date,
  notice: (message: string) => void,
): Promise<{ leased: ChangeRecord } | { refused: string }> {
  const held = record.lease;
  const ended = held ? leaseEnded(held, now) : undefined;
  if (held && !ended) return { refused: leaseHeld(record, held) };
  const lease = newLease("rollback", by, now);
  const leased: ChangeRecord = { ...record, lease };
  try {
    await store.write(leased, { status: record.status, lease: held?.token });
  } catch (error) {
    endLease(lease);
    if (!(error instanceof BackupChangedError)) throw error;
    return {
      refused: `the backup of ${record.changeId} was written by another run since it was read (${error.message}): run the rollback again to see where it stands`,
    };
  }
  if (held)
    notice(
      `change ${record.changeId} was left ${held.action === "apply" ? "mid-apply" : "mid-rollback"} by ${held.by} (${ended}); this rollback takes it over`,
    );
  return { leased };
}

/** Gives the lease back, the record as it was otherwise; a failure leaves it to expire. */
export async function giveBack(store: BackupStore, leased: ChangeRecord): Promise<void> {
  try {
    await store.write(released(leased), { status: leased.status, lease: leased.lease?.token });
  } catch {
    // Left to expire: the refusal or failure being reported matters more.
  } finally {
    endLease(leased.lease);
  }
}
