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
/** Set in the restarted process's environment: it follows the command's process. */
const RESTARTED = "WHITTLE_RESTARTED";

/**
 * The environment to restart `args` (the words after `whittle`) with, or undefined to run here:
 * only on Linux, only for commands that read trails (not their help), never under a debugger (the
 * restarted process could not take its port), and never twice (the variable is then set).
 */
export function restartEnvironment(args, env, platform, execArgv = []) {
  if (platform !== "linux" || "MALLOC_MMAP_THRESHOLD_" in env) return undefined;
  if (args.includes("--help") || args.includes("-h")) return undefined;
  if ([...execArgv, env.NODE_OPTIONS ?? ""].some((flag) => flag.includes("--inspect"))) return undefined;
  const command = args.find((arg) => !arg.startsWith("-"));
  return command !== undefined && READS_TRAILS.has(command)
    ? { ...env, ...MALLOC_ENV, [RESTARTED]: "1" }
    : undefined;
}

/**
 * Runs this command again with `env`. Where Node can (22.15 and later), this process becomes the
 * restarted one and nothing stays behind. Elsewhere the command runs in a new process: this one
 * passes on its stop signals and ends as the other ends (same exit code or signal), holding about
 * 45 MB meanwhile. Resolves only if the restart cannot start: the command then runs here, in
 * more memory.
 */
export function runRestarted(env) {
  const args = [...process.execArgv, ...process.argv.slice(1)];
  if (typeof process.execve === "function") {
    try {
      process.execve(process.execPath, [process.execPath, ...args], env);
    } catch {
      return Promise.resolve();
    }
  }
  return new Promise((resolve) => {
    // The IPC channel is how the restarted process learns that this one is gone, however it died.
    const child = spawn(process.execPath, args, {
      stdio: ["inherit", "inherit", "inherit", "ipc"],
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

/**
 * In the restarted process: end when the command's process ends without ending this one (killed
 * by SIGKILL, say), rather than run on unseen and write reports after its caller gave up on it.
 */
export function followCommand() {
  if (process.env[RESTARTED] !== "1") return;
  delete process.env[RESTARTED];
  if (!process.channel) return;
  process.on("disconnect", () => process.kill(process.pid, "SIGKILL"));
  // The channel must not keep this process alive once its work is done.
  process.channel.unref();
}
