/**
 * Wall time, CPU time (every thread of the process, so threads working beside it count) and peak
 * resident memory of one step, printed as one aligned line. On a shared machine the CPU time
 * varies less than the wall time.
 */
export async function measure<T>(label: string, step: () => T | Promise<T>): Promise<T> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const result = await step();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  console.log(
    `${label.padEnd(58)} ${ms.toFixed(0).padStart(7)} ms   CPU ${cpuMs.toFixed(0).padStart(7)} ms   peak RSS ${peakMb.toFixed(0).padStart(5)} MB`,
  );
  return result;
}
