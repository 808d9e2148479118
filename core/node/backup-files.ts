import { readdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  BackupNotFoundError,
  type BackupStore,
  type ChangeRecord,
  parseChangeRecord,
} from "../engine/plans/change.js";
import { makeOutputDir } from "./output-dir.js";

const SAFE_ID = /^[A-Za-z0-9._-]+$/;

/** Change records as `DIR/<changeId>.json`, written beside their final name and renamed into place. */
export class LocalBackupStore implements BackupStore {
  readonly description: string;

  constructor(private readonly dir: string) {
    this.description = dir;
  }

  async write(record: ChangeRecord): Promise<void> {
    await makeOutputDir(this.dir);
    const file = this.file(record.changeId);
    await writeFile(`${file}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
    await rename(`${file}.tmp`, file);
  }

  async read(changeId: string): Promise<ChangeRecord> {
    let text: string;
    try {
      text = await readFile(this.file(changeId), "utf8");
    } catch (cause) {
      throw new BackupNotFoundError(`no backup of change ${changeId} in ${this.dir}`, { cause });
    }
    return parseChangeRecord(text, changeId, this.file(changeId));
  }

  async changesOf(planId: string): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      // No directory yet: no change was ever backed up here.
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    return names.flatMap((name) =>
      name.startsWith(`${planId}-`) && name.endsWith(".json") ? [name.slice(0, -".json".length)] : [],
    );
  }

  private file(changeId: string): string {
    if (!SAFE_ID.test(changeId)) throw new BackupNotFoundError(`not a change id: ${changeId}`);
    return join(this.dir, `${changeId}.json`);
  }
}
