import { randomUUID } from "node:crypto";
import { link, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  BackupChangedError,
  BackupExistsError,
  BackupNotFoundError,
  type BackupStore,
  type ChangeRecord,
  parseChangeRecord,
} from "../engine/plans/change.js";
import { makeOutputDir } from "./output-dir.js";

const SAFE_ID = /^[A-Za-z0-9._-]+$/;
/** How a file system that cannot make hard links refuses `link`. */
const NO_HARD_LINKS = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS"]);

/**
 * Change records as `DIR/<changeId>.json`, each written whole beside its final name (under a name
 * of its own writer, so that two writers never mix their bytes) and then moved into place.
 */
export class LocalBackupStore implements BackupStore {
  readonly description: string;

  constructor(private readonly dir: string) {
    this.description = dir;
  }

  async create(record: ChangeRecord): Promise<void> {
    const { file, staged } = await this.stage(record);
    try {
      // A hard link fails with EEXIST where the name is taken: exclusive, and the record appears whole.
      await link(staged, file).catch(async (error: NodeJS.ErrnoException) => {
        if (!NO_HARD_LINKS.has(error.code ?? "")) throw error;
        // A file system without hard links (FAT, some network shares): an exclusive create, whole
        // before apply goes on (a record cut short by a crash here is refused, IAM untouched).
        await writeFile(file, await readFile(staged), { flag: "wx" });
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST")
        throw new BackupExistsError(`${file} exists already`, { cause: error });
      throw error;
    } finally {
      await rm(staged, { force: true });
    }
  }

  /**
   * With `from`: only while the record held is of that status, read once the new one is staged, just
   * before it is moved into place (a file system offers no compare-and-swap on a name; the gap is
   * that of one read).
   */
  async write(record: ChangeRecord, from?: ChangeRecord["status"]): Promise<void> {
    const { file, staged } = await this.stage(record);
    try {
      if (from) {
        const held = await this.read(record.changeId);
        if (held.status !== from)
          throw new BackupChangedError(`${file} is ${held.status}, not ${from}`, held.status);
      }
      await rename(staged, file);
    } finally {
      await rm(staged, { force: true });
    }
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

  private async stage(record: ChangeRecord): Promise<{ file: string; staged: string }> {
    await makeOutputDir(this.dir);
    const file = this.file(record.changeId);
    const staged = `${file}.${randomUUID()}.tmp`;
    await writeFile(staged, `${JSON.stringify(record, null, 2)}\n`, { flag: "wx" });
    return { file, staged };
  }

  private file(changeId: string): string {
    if (!SAFE_ID.test(changeId)) throw new BackupNotFoundError(`not a change id: ${changeId}`);
    return join(this.dir, `${changeId}.json`);
  }
}
