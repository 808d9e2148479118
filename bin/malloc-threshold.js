// glibc raises its mmap threshold each time it frees a block bigger than the threshold, up to
// 32 MB. Decompressing trail files allocates and frees megabyte buffers by the thousand; once the
// threshold has risen past them they come from malloc's arenas, which keep what they free, and an
// audit of 10 M events holds 100+ MB more resident memory than it uses. glibc reads the threshold
// from the environment once, at process start: a command that reads trail files restarts once
// with it fixed at glibc's default. Elsewhere (macOS, musl) the variable means nothing.
import { spawn } from "node:child_process";

/** The environment variable and value that keep glibc's mmap threshold fixed. */
export const MALLOC_ENV = { MALLOC_MMAP_THRESHOLD_: "131072" };

/** Commands that may read CloudTrail files: the ones worth a restart (~50 ms). */
const READS_TRAILS = new Set(["audit", "demo"]);
/** Signals a supervisor or terminal sends to stop a command: the restarted one stops with it. */
const STOPS = ["SIGINT", "SIGTERM", "SIGHUP"];

/**
 * The environment to restart `args` (the words after `whittle`) with, or undefined to run here:
 * only on Linux, only for commands that read trails (not their help), and never twice (the variable
 * is then set).
 */
export function restartEnvironment(args, env, platform) {
  if (platform !== "linux" || "MALLOC_MMAP_THRESHOLD_" in env) return undefined;
  if (args.includes("--help") || args.includes("-h")) return undefined;
  const command = args.find((arg) => !arg.startsWith("-"));
  return command !== undefined && READS_TRAILS.has(command) ? { ...env, ...MALLOC_ENV } : undefined;
}

/**
 * Runs this command again in a process with `env`, passing on its stop signals, and ends this one
 * as the other ends (same exit code or signal). Resolves only if the process cannot start: the
 * command then runs here, in more memory.
 */
export function runRestarted(env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
      stdio: "inherit",
      env,
    });
    const forward = (signal) => child.kill(signal);
    for (const signal of STOPS) process.on(signal, forward);
    child.on("error", () => {
      for (const signal of STOPS) process.off(signal, forward);
      resolve();
    });
    child.on("exit", (code, signal) => {
      for (const signal of STOPS) process.off(signal, forward);
      if (signal) process.kill(process.pid, signal);
      else process.exit(code ?? 1);
    });
  });
}
