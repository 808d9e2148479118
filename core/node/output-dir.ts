import { mkdir, rmdir, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";

/** An output folder (`--out`, `--backup`) that cannot be made: the flag names a bad place (exit 2). */
export class OutputDirError extends Error {
  override readonly name = "OutputDirError";
}

/**
 * Makes `dir` and its missing parents, one level at a time. Node's `mkdir(…, { recursive: true })`
 * retries forever where the parent exists but refuses children with ENOENT (`/proc/x`), so the
 * command hung instead of failing; here every refusal is one clear error naming the folder.
 * Returns the folders it made, outermost first, for removeMadeDirs.
 */
export async function makeOutputDir(dir: string): Promise<string[]> {
  const missing: string[] = [];
  let at = resolve(dir);
  for (;;) {
    const found = await kindOf(at, dir);
    if (found === "directory") break;
    if (found === "other") throw new OutputDirError(`cannot create ${dir}: ${at} exists and is not a folder`);
    missing.unshift(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const path of missing) {
    try {
      await mkdir(path);
    } catch (cause) {
      // Made meanwhile by another process: fine when it is a folder.
      if ((cause as NodeJS.ErrnoException).code === "EEXIST" && (await kindOf(path, dir)) === "directory")
        continue;
      throw new OutputDirError(`cannot create ${dir}: ${reason(cause)}`, { cause });
    }
  }
  return missing;
}

/**
 * Removes folders makeOutputDir made, innermost first, where they are empty: a run that fails
 * leaves no empty report folder that looks like a result. A folder holding anything is kept
 * (rmdir never removes files), and folders that were there before are never in the list.
 */
export async function removeMadeDirs(made: readonly string[]): Promise<void> {
  for (const path of [...made].reverse()) {
    try {
      await rmdir(path);
    } catch {
      return;
    }
  }
}

async function kindOf(path: string, dir: string): Promise<"directory" | "other" | "missing"> {
  try {
    return (await stat(path)).isDirectory() ? "directory" : "other";
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    // ENOTDIR: a parent is a file, found as such further up.
    if (code === "ENOENT" || code === "ENOTDIR") return "missing";
    throw new OutputDirError(`cannot create ${dir}: ${reason(cause)}`, { cause });
  }
}

function reason(cause: unknown): string {
  const error = cause as NodeJS.ErrnoException;
  const why: Record<string, string> = {
    ENOENT: "the system refuses new entries there",
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    EROFS: "read-only file system",
    ENOSPC: "no space left on the device",
  };
  return (error.code && why[error.code]) ?? error.message;
}
