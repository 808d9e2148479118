// glibc raises its mmap threshold each time it frees a block bigger than the threshold, up to
// 32 MB. Decompressing trail files allocates and frees megabyte buffers by the thousand; once the
// threshold has risen past them they come from malloc's arenas, which keep what they free, and an
// audit of 10 M events holds 100+ MB more resident memory than it uses. glibc reads the threshold
// from the environment once, at process start: a command that reads trail files restarts once
// with it fixed at glibc's default. Elsewhere (macOS, musl) the variable means nothing.

/** The environment variable and value that keep glibc's mmap threshold fixed. */
export const MALLOC_ENV = { MALLOC_MMAP_THRESHOLD_: "131072" };

/** Commands that may read CloudTrail files: the ones worth a restart (~50 ms). */
const READS_TRAILS = new Set(["audit", "demo"]);

/**
 * The environment to restart `args` (the words after `whittle`) with, or undefined to run here:
 * only on Linux, only for commands that read trails, and never twice (the variable is then set).
 */
export function restartEnvironment(args, env, platform) {
  if (platform !== "linux" || "MALLOC_MMAP_THRESHOLD_" in env) return undefined;
  const command = args.find((arg) => !arg.startsWith("-"));
  return command !== undefined && READS_TRAILS.has(command) ? { ...env, ...MALLOC_ENV } : undefined;
}
