import { accessKeyNotRotated } from "./access-key-not-rotated.js";
import { consoleWithoutMfa } from "./console-without-mfa.js";
import {
  DEFAULT_IDENTITY_CONFIG,
  type IdentityConfig,
  type IdentityContext,
  type IdentityDetector,
} from "./identity-context.js";
import { multipleActiveAccessKeys } from "./multiple-active-access-keys.js";
import { rootAccessKey } from "./root-access-key.js";
import { rootRecentlyUsed } from "./root-recently-used.js";
import type { Finding } from "./types.js";
import { unusedAccessKey } from "./unused-access-key.js";
import { unusedPassword } from "./unused-password.js";
import { unusedRole } from "./unused-role.js";
import { unusedUser } from "./unused-user.js";
import { weakPasswordPolicy } from "./weak-password-policy.js";

/** The identity and credential detectors; adding one is one file and one line here. */
export const IDENTITY_DETECTORS: readonly IdentityDetector[] = [
  unusedRole,
  unusedUser,
  unusedPassword,
  unusedAccessKey,
  accessKeyNotRotated,
  multipleActiveAccessKeys,
  consoleWithoutMfa,
  rootAccessKey,
  rootRecentlyUsed,
  weakPasswordPolicy,
];

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

/** Runs every identity detector over the context. */
export function detectIdentityFindings(ctx: IdentityContext): Finding[] {
  return IDENTITY_DETECTORS.flatMap((detector) => detector.detect(ctx));
}
