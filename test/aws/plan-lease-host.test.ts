import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { hostname } from "node:os";
import { test } from "node:test";
import { endLease, leaseEnded, newLease } from "../../core/aws/plan-lease.js";
import type { ChangeLease } from "../../core/engine/plans/change.js";

/** The id of a process that has ended. */
function endedPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
    encoding: "utf8",
  });
  return Number(child.stdout);
}

const now = new Date();

test("a lease of this host's name taken in another machine or process namespace (a container on the host's network, another function instance) holds until it expires, whatever process ids this one sees", () => {
  const lease = newLease("apply", "ci@build-7", now);
  endLease(lease);
  // Same host name (docker --network host and Kubernetes hostNetwork give the host's), but
  // another pid namespace: its process is not one this process can look up.
  const elsewhere: ChangeLease = { ...lease, pid: endedPid(), machine: "another-boot pid:[1]" };
  assert.equal(elsewhere.host, hostname());
  assert.equal(leaseEnded(elsewhere, now), undefined);
  assert.equal(leaseEnded({ ...elsewhere, pid: process.pid }, now), undefined);
  // A lease written without a machine (by an earlier Whittle) cannot tell either: it holds.
  const { machine: _, ...unnamed } = elsewhere;
  assert.equal(leaseEnded({ ...unnamed, pid: endedPid() }, now), undefined);
  // Past its expiry it has ended wherever it was taken.
  assert.match(leaseEnded(elsewhere, new Date(Date.parse(lease.expiresAt))) ?? "", /its lease expired at/);
});

test("a lease taken on this machine by a process that has ended, or by this process in a run that has ended, is over at once", () => {
  const lease = newLease("rollback", "me@here", now);
  assert.equal(leaseEnded(lease, now), undefined);
  endLease(lease);
  assert.equal(leaseEnded(lease, now), "its run has ended");
  assert.equal(leaseEnded({ ...lease, pid: endedPid() }, now), "its process has ended");
});
