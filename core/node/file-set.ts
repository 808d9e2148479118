import { lstat, mkdir, mkdtemp, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";

/** The hidden folder a set is written into before it moves into place. */
export const STAGE_PREFIX = ".whittle-partial-";

/**
 * Writes a set of files into `dir` (names relative to it, their folders already there) all or
 * none: `write` writes them into a hidden folder made inside `dir` (the same file system, so they
 * move by rename), and only once all are written are they moved over their names. A write that
 * fails midway (a renderer's error, a full disk) leaves `dir` as it was: an earlier run's report
 * stays whole, never mixed with half of the next; a move that fails puts back what it had moved.
 * Files of `dir` that the set does not name are never touched.
 */
export async function replaceFileSet(
  dir: string,
  names: readonly string[],
  write: (stage: string) => Promise<void>,
): Promise<void> {
  const stage = await mkdtemp(join(dir, STAGE_PREFIX));
  try {
    for (const folder of new Set(names.map(dirname)))
      if (folder !== ".") await mkdir(join(stage, folder), { recursive: true });
    await write(stage);
    await moveIn(stage, dir, names);
  } finally {
    // Holds what a failure left, or the files the set replaced.
    await rm(stage, { recursive: true, force: true });
  }
}

/** The replaced files are kept in the stage, under their index, until every move is done. */
async function moveIn(stage: string, dir: string, names: readonly string[]): Promise<void> {
  // A folder under a file's name would stop the moves halfway: refused before any.
  for (const name of names)
    if ((await entryAt(join(dir, name))) === "folder")
      throw new Error(`cannot write ${join(dir, name)}: it is a folder`);
  const replaced = join(stage, ".replaced");
  await mkdir(replaced);
  const done: { name: string; kept: string | undefined; placed: boolean }[] = [];
  try {
    for (const [i, name] of names.entries()) {
      const target = join(dir, name);
      const step = { name, kept: undefined as string | undefined, placed: false };
      done.push(step);
      if (await entryAt(target)) {
        await rename(target, join(replaced, String(i)));
        step.kept = join(replaced, String(i));
      }
      await rename(join(stage, name), target);
      step.placed = true;
    }
  } catch (error) {
    for (const { name, kept, placed } of done.reverse()) {
      const target = join(dir, name);
      // Best effort: the error that stopped the moves is the one to report.
      if (placed) await rm(target, { force: true }).catch(() => undefined);
      if (kept) await rename(kept, target).catch(() => undefined);
    }
    throw error;
  }
}

async function entryAt(path: string): Promise<"folder" | "file" | undefined> {
  return lstat(path).then(
    (s) => (s.isDirectory() ? "folder" : "file"),
    (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      throw error;
    },
  );
}
