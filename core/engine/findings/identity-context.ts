import type { Snapshot } from "../snapshot/model.js";
import type { Finding, FindingKind } from "./types.js";

/** Thresholds of the identity detectors; defaults follow the CIS AWS Foundations Benchmark v3. */
export interface IdentityConfig {
  /** CIS 1.12: console passwords unused this long should be disabled. */
  unusedPasswordDays: number;
  /** CIS 1.12: access keys unused (or never used) this long should be deactivated. */
  unusedAccessKeyDays: number;
  /** CIS 1.14: active access keys should be rotated this often. */
  accessKeyRotationDays: number;
  /** CIS 1.7: any root sign-in or root key use this recent is reported. */
  rootRecentlyUsedDays: number;
  passwordPolicy: {
    /** CIS 1.8. */
    minimumLength: number;
    /** CIS 1.9. */
    reusePrevention: number;
    /** Security Hub IAM.7; off by default since NIST SP 800-63B advises against composition rules. */
    requireCharacterClasses: boolean;
  };
}

export const DEFAULT_IDENTITY_CONFIG: IdentityConfig = {
  unusedPasswordDays: 45,
  unusedAccessKeyDays: 45,
  accessKeyRotationDays: 90,
  rootRecentlyUsedDays: 90,
  passwordPolicy: { minimumLength: 14, reusePrevention: 24, requireCharacterClasses: false },
};

/** Where else usage can come from (CloudTrail): the last time a principal was seen in the window. */
export interface ActivityLookup {
  lastSeen(principalArn: string): Date | undefined;
  /** Whether the sources read the whole window: if not, not being seen proves nothing. */
  covers: boolean;
}

export interface IdentityContext {
  snapshot: Snapshot;
  now: Date;
  window: { start: Date; end: Date; days: number };
  config: IdentityConfig;
  activity?: ActivityLookup;
}

export interface IdentityDetector {
  kind: FindingKind;
  detect(ctx: IdentityContext): Finding[];
}

const DAY_MS = 86_400_000;

/** Whole days from `date` to `now` (negative when `date` is later). */
export function daysSince(date: Date | string, now: Date): number {
  return Math.floor((now.getTime() - new Date(date).getTime()) / DAY_MS);
}

/** The newest of several optional ISO dates. */
export function latest(dates: readonly (string | Date | null | undefined)[]): Date | undefined {
  let best: Date | undefined;
  for (const value of dates) {
    if (!value) continue;
    const date = new Date(value);
    if (!best || date > best) best = date;
  }
  return best;
}
