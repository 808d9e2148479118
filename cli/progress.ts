import type { AuditProgress } from "../core/engine/audit/progress.js";

/**
 * A one-line progress display on stderr, redrawn in place. Silent when stderr is not a terminal
 * (logs, CI, pipes) or with --quiet, so output stays clean for scripts.
 */
export function progressPrinter(quiet: boolean, stream: NodeJS.WriteStream = process.stderr) {
  const enabled = !quiet && stream.isTTY === true;
  let shown = false;
  return {
    update(progress: AuditProgress): void {
      if (!enabled) return;
      const count =
        progress.done === undefined ? "" : ` ${progress.done}${progress.total ? `/${progress.total}` : ""}`;
      const line = `${progress.phase}: ${progress.message}${count}`.slice(0, (stream.columns ?? 80) - 1);
      stream.write(`\r\x1b[2K${line}`);
      shown = true;
    },
    done(): void {
      if (shown) stream.write("\r\x1b[2K");
      shown = false;
    },
  };
}
