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

export type IdentityConfigInput = Partial<Omit<IdentityConfig, "passwordPolicy">> & {
  passwordPolicy?: Partial<IdentityConfig["passwordPolicy"]>;
};

/** Defaults completed by the caller's overrides. */
export function identityConfig(overrides: IdentityConfigInput = {}): IdentityConfig {
  return {
    ...DEFAULT_IDENTITY_CONFIG,
    ...overrides,
    passwordPolicy: { ...DEFAULT_IDENTITY_CONFIG.passwordPolicy, ...overrides.passwordPolicy },
  };
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
