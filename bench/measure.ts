/** Wall time and peak resident memory of one step, printed as one aligned line. */
export async function measure<T>(label: string, step: () => T | Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await step();
  const ms = performance.now() - start;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  console.log(
    `${label.padEnd(58)} ${ms.toFixed(0).padStart(7)} ms   peak RSS ${peakMb.toFixed(0).padStart(5)} MB`,
  );
  return result;
}
