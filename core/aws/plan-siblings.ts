import {
  BackupInvalidError,
  BackupNotFoundError,
  type BackupStore,
  type ChangeRecord,
} from "../engine/plans/change.js";

/**
 * The other changes of `record`'s plan in the backup location, by id, each read: those that
 * cannot be read (gone since listed, or not a change record) are passed over, as they hold no
 * run and no applied change. A location that cannot be listed (s3:GetObject and s3:PutObject
 * granted, s3:ListBucket not) shows none.
 */
export async function* otherChanges(store: BackupStore, record: ChangeRecord): AsyncGenerator<ChangeRecord> {
  const ids = await store.changesOf(record.planId).catch(() => [] as string[]);
  for (const changeId of ids.filter((id) => id !== record.changeId).sort()) {
    try {
      yield await store.read(changeId);
    } catch (error) {
      if (error instanceof BackupInvalidError || error instanceof BackupNotFoundError) continue;
      throw error;
    }
  }
}
