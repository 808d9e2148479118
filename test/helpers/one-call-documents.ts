import assert from "node:assert/strict";
import { auditOf, eventItem, roleSession } from "./audit-fixture.js";
import { ownPolicy, role, snapshotWith } from "./snapshot-fixture.js";

/**
 * The documents of the recommendation for a role `deployer` holding `statements` and seen making
 * one call, asserted proven (within today's grants, covering what it did).
 */
export async function documentsAfterOneCall(
  statements: unknown[],
  call: { eventSource: string; eventName: string; requestParameters: Record<string, unknown> },
) {
  const deployer = role("deployer", { ...ownPolicy(statements) });
  const report = await auditOf(snapshotWith({ roles: [deployer] }), [
    eventItem({ ...call, userIdentity: roleSession(deployer.arn, "deployer") }),
  ]);
  const rec = report.recommendations.find((r) => r.principalArn === deployer.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  return rec!.policies.map((p) => p.document);
}
