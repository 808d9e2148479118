import { randomUUID } from "node:crypto";
import { link, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  BackupChangedError,
  BackupExistsError,
  BackupNotFoundError,
  type BackupStore,
  type ChangeRecord,
  type HeldAs,
  heldDescription,
  isHeldAs,
  parseChangeRecord,
} from "../engine/plans/change.js";
import { makeOutputDir } from "./output-dir.js";

const SAFE_ID = /^[A-Za-z0-9._-]+$/;
/** How a file system that cannot make hard links refuses `link`. */
const NO_HARD_LINKS = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS"]);
/** A record's lock file older than this was left by a writer that died between its read and its move. */
const STALE_LOCK_MS = 30_000;

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
   * With `from`: only while the record held is of that status and lease. A file system offers no
   * compare-and-swap on a name, so the read and the move are made holding `<changeId>.json.lock`,
   * created exclusively: of two such writes, the second waits for none and is refused.
   */
  async write(record: ChangeRecord, from?: HeldAs): Promise<void> {
    const { file, staged } = await this.stage(record);
    try {
      if (!from) return await rename(staged, file);
      await this.locked(file, async () => {
        const held = await this.read(record.changeId);
        if (!isHeldAs(held, from))
          throw new BackupChangedError(
            `${file} is ${heldDescription(held)}, not as this run left it`,
            held.status,
          );
        await rename(staged, file);
      });
    } finally {
      await rm(staged, { force: true });
    }
  }

  private async locked(file: string, run: () => Promise<void>): Promise<void> {
    const lock = `${file}.lock`;
    const take = () => writeFile(lock, `${process.pid}\n`, { flag: "wx" });
    try {
      await take();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const busy = (cause: unknown) =>
        new BackupChangedError(`${file} is being written by another run`, undefined, { cause });
      const seen = await stat(lock).catch(() => undefined);
      if (!seen || Date.now() - seen.mtimeMs < STALE_LOCK_MS) throw busy(error);
      // A stale lock is moved aside, which of two writers finding it only one does, and only when
      // what was moved is the lock seen stale: removed by name, a writer's rm could remove the
      // lock another had just taken in its place, and both would write.
      const moved = `${lock}.${randomUUID()}`;
      await rename(lock, moved).catch((gone: unknown) => {
        throw busy(gone);
      });
      const was = await stat(moved).catch(() => undefined);
      if (was?.ino !== seen.ino || was.mtimeMs !== seen.mtimeMs) {
        // Another writer's fresh lock: put back (unless a third has taken one since).
        await link(moved, lock).catch(() => undefined);
        await rm(moved, { force: true });
        throw busy(error);
      }
      await rm(moved, { force: true });
      await take().catch((again: unknown) => {
        throw busy(again);
      });
    }
    try {
      await run();
    } finally {
      await rm(lock, { force: true });
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
