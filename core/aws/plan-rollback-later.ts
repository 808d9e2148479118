import type { BackupStore, ChangeRecord } from "../engine/plans/change.js";
import { otherChanges } from "./plan-siblings.js";

/**
 * A change of the same plan applied after `record` began, which `record` never finished: it was
 * cut short before its writes took (else the later apply's check had found IAM changed), so IAM
 * holds the later change, and restoring this one's backup would undo that change while its record
 * still says applied. Its rollback is the way back. A location that cannot be listed (s3:GetObject
 * and s3:PutObject granted, s3:ListBucket not) cannot tell, and leaves the rollback as it was.
 */
export async function appliedLater(record: ChangeRecord, store: BackupStore): Promise<string | undefined> {
  if (record.status !== "backed-up") return undefined;
  for await (const other of otherChanges(store, record))
    if (other.status === "applied" && other.createdAt > record.createdAt)
      return `${record.changeId} never finished, and change ${other.changeId} of the same plan was applied after it began: IAM holds that change, which restoring this backup would undo; roll back ${other.changeId} instead`;
  return undefined;
}
