import { lstat, readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";

/** The file in `--out` naming the report files the last successful run wrote there. */
export const MANIFEST = ".whittle-files.json";

/**
 * The manifest's text for a run that writes `names`. `stale` names the files an earlier run wrote
 * that this one does not and has not removed yet: listed until they are gone, so a run killed
 * between placing its report and removing them, or a removal that failed, leaves them for the next
 * run to remove rather than to keep as the user's.
 */
export function manifestText(names: readonly string[], stale: readonly string[] = []): string {
  return `${JSON.stringify({ whittleFiles: 1, files: names, ...(stale.length > 0 ? { stale } : {}) }, null, 2)}\n`;
}

/**
 * The names the manifest in `dir` lists (its files and those still to remove), or undefined where
 * there is none (a new folder, or one an older version wrote) or it cannot be read. Only names of
 * the shape a run writes are kept: an edited manifest never points the removal at a user's file
 * elsewhere.
 */
export async function readManifest(dir: string): Promise<string[] | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST), "utf8");
  } catch {
    return undefined;
  }
  try {
    const { files, stale } = JSON.parse(text) as { files?: unknown; stale?: unknown };
    if (!Array.isArray(files)) return undefined;
    return [...files, ...(Array.isArray(stale) ? stale : [])].filter(
      (name): name is string => typeof name === "string" && REPORT_FILE.test(name),
    );
  } catch {
    return undefined;
  }
}

const REPORT_FILE = /^(report\.(json|html|md)|policies\/[^/\\]+\.json)$/;

/** Lower-cased: on a file system that ignores case, the old name may be the new file's. */
const key = (name: string) => name.toLowerCase();

/** The names of `earlier` that a run writing `written` leaves to remove. */
export function staleNames(earlier: readonly string[] | undefined, written: readonly string[]): string[] {
  const ours = new Set(written.map(key));
  return [...new Set(earlier ?? [])].filter((name) => !ours.has(key(name)));
}

/**
 * After a run's files are all in place: removes the files the earlier run's manifest listed that
 * this run did not write (a principal no longer recommended, a renamed document), so the folder
 * holds no policy the current report does not recommend. Files no manifest listed are the user's
 * and stay. Where there was no manifest, nothing is removed and a warning counts the policy files
 * this run did not write. Returns the warnings and the names it could not remove (still to remove).
 */
export async function removeStaleFiles(
  dir: string,
  earlier: readonly string[] | undefined,
  written: readonly string[],
): Promise<{ warnings: string[]; left: string[] }> {
  if (earlier === undefined) {
    const ours = new Set(written.map(key));
    const names = await readdir(join(dir, "policies")).catch(() => [] as string[]);
    const others = names.filter((n) => n.endsWith(".json") && !ours.has(key(`policies/${n}`)));
    return {
      warnings:
        others.length === 0
          ? []
          : [
              `${dir} holds ${others.length} policies/*.json file(s) this run did not write (an earlier report's without a file list, or your own): left in place, check them before applying the policies there`,
            ],
      left: [],
    };
  }
  const warnings: string[] = [];
  const left: string[] = [];
  for (const name of staleNames(earlier, written)) {
    const path = join(dir, name);
    try {
      // A folder under the name is not the file the earlier run wrote.
      if (!(await lstat(path)).isDirectory()) await rm(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOENT") {
        left.push(name);
        warnings.push(
          `could not remove ${path}, which the earlier report wrote and this one does not (${code}): the next run into the folder tries again`,
        );
      }
    }
  }
  return { warnings, left };
}
