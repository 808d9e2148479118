import { UsageError } from "./usage-error.js";

/**
 * `--workers`: threads for reading trail files and for generating policies, this one included.
 * The report is the same for any number: threads only change how fast it is made.
 */
export function parseWorkers(value: string | undefined): number | "auto" {
  if (value === undefined) return "auto";
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 64)
    throw new UsageError(`--workers takes a whole number from 1 to 64, not ${JSON.stringify(value)}`);
  return n;
}
