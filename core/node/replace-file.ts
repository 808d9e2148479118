import { randomBytes } from "node:crypto";
import { open, realpath, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Writes `text` to `path` whole or not at all: into a new file beside it, flushed to the disk, then
 * renamed over it. A write that fails midway (a full disk, a file-size limit) or a crash leaves the
 * file that was there (an earlier snapshot a later audit reads) as it was, never cut short; a
 * failed write removes its temporary file.
 */
export async function replaceFile(given: string, text: string): Promise<void> {
  // Through a link, as writing in place did: the file it names is replaced, not the link.
  const path = await realpath(given).catch(() => given);
  const mode = await stat(path).then(
    (s) => (s.isFile() ? s.mode & 0o7777 : undefined),
    () => undefined,
  );
  // Unique, so two writers of one path never share a temporary file; hidden, so a listing of the
  // folder does not offer it as a result.
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.partial`);
  try {
    const file = await open(temporary, "wx");
    try {
      // The file replaced keeps its permissions (a snapshot someone made readable to its owner only).
      if (mode !== undefined) await file.chmod(mode);
      await file.writeFile(text, "utf8");
      // Without it, a power cut soon after the rename can leave the new name on an empty file.
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
