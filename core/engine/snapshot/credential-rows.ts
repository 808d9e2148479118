import type { AccessKey, RootFacts, UserCredentials } from "./model.js";

/**
 * Two credential-report rows for one user (reports pasted together, or a row edited by hand):
 * the later row's facts, with every last use read the safe way. A use either row shows is kept
 * over "never used" and over "unknown", and "unknown" over "never used", so a credential one row
 * shows in use is never called unused because the other row came last.
 */
export function mergeUserRows(earlier: UserCredentials, later: UserCredentials): UserCredentials {
  const lastUsed = safeLastUse(earlier.password.lastUsed, later.password.lastUsed);
  const { lastUsed: _, ...password } = later.password;
  return {
    ...later,
    password: { ...password, ...(lastUsed === undefined ? {} : { lastUsed }) },
    accessKeys: mergeKeys(earlier.accessKeys, later.accessKeys),
  };
}

export function mergeRootRows(earlier: RootFacts, later: RootFacts): RootFacts {
  const lastUsed = safeLastUse(earlier.passwordLastUsed, later.passwordLastUsed);
  const { passwordLastUsed: _, ...rest } = later;
  return {
    ...rest,
    ...(lastUsed === undefined ? {} : { passwordLastUsed: lastUsed }),
    accessKeys: mergeKeys(earlier.accessKeys, later.accessKeys),
  };
}

/**
 * The later row's keys. One the earlier row holds in the same slot with the same creation time is
 * the same key, and takes the safe last use of both; a key only the earlier row shows is left out,
 * since it may have been deleted since and adding it could only add an unused key.
 */
function mergeKeys(earlier: AccessKey[], later: AccessKey[]): AccessKey[] {
  return later.map((key) => {
    const same = earlier.find((e) => e.slot === key.slot && e.created === key.created);
    if (!same) return key;
    const lastUsed = safeLastUse(same.lastUsed, key.lastUsed);
    const { lastUsed: _, ...rest } = key;
    const from = lastUsed === same.lastUsed && lastUsed !== key.lastUsed ? same : key;
    return {
      ...rest,
      ...(lastUsed === undefined ? {} : { lastUsed }),
      ...(from.lastUsedService ? { lastUsedService: from.lastUsedService } : {}),
      ...(from.lastUsedRegion ? { lastUsedRegion: from.lastUsedRegion } : {}),
    };
  });
}

/** A date (the later of two) over unknown (undefined) over never used (null). */
function safeLastUse(a: string | null | undefined, b: string | null | undefined): string | null | undefined {
  if (typeof a === "string" && typeof b === "string") return a > b ? a : b;
  if (typeof a === "string") return a;
  if (typeof b === "string") return b;
  if (a === undefined || b === undefined) return undefined;
  return null;
}
