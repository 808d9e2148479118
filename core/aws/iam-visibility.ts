import { setTimeout as delay } from "node:timers/promises";

export type Sleep = (ms: number) => Promise<void>;

/**
 * The waits before reading again a change IAM does not show yet: 3.75 s in all. IAM is eventually
 * consistent, and a write is usually visible within a few seconds of its answer.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency
 */
export const VISIBILITY_DELAYS_MS: readonly number[] = [250, 500, 1000, 2000];

/** What one reading found: its differences, and whether they may only be writes not visible yet. */
export interface Reading {
  differences: string[];
  pending: boolean;
}

/**
 * Reads until `read` finds no difference, finds one that is not a write still on its way (it
 * stands, at once), or the waits run out (the last differences stand).
 */
export async function untilVisible(
  read: () => Promise<Reading>,
  sleep: Sleep = (ms) => delay(ms),
  delays: readonly number[] = VISIBILITY_DELAYS_MS,
): Promise<string[]> {
  for (let attempt = 0; ; attempt++) {
    const { differences, pending } = await read();
    const wait = delays[attempt];
    if (differences.length === 0 || !pending || wait === undefined) return differences;
    await sleep(wait);
  }
}
