import type { PasswordPolicy } from "./model.js";

/** GetAccountPasswordPolicy's PasswordPolicy (CLI JSON or SDK v3 output), in the model's terms. */
export interface RawPasswordPolicy {
  MinimumPasswordLength?: number;
  RequireSymbols?: boolean;
  RequireNumbers?: boolean;
  RequireUppercaseCharacters?: boolean;
  RequireLowercaseCharacters?: boolean;
  AllowUsersToChangePassword?: boolean;
  ExpirePasswords?: boolean;
  MaxPasswordAge?: number;
  PasswordReusePrevention?: number;
  HardExpiry?: boolean;
}

export function toPasswordPolicy(raw: RawPasswordPolicy | undefined): PasswordPolicy {
  if (!raw) return { status: "absent" };
  return {
    status: "present",
    ...(raw.MinimumPasswordLength === undefined ? {} : { minimumLength: raw.MinimumPasswordLength }),
    requireSymbols: raw.RequireSymbols ?? false,
    requireNumbers: raw.RequireNumbers ?? false,
    requireUppercase: raw.RequireUppercaseCharacters ?? false,
    requireLowercase: raw.RequireLowercaseCharacters ?? false,
    allowUsersToChange: raw.AllowUsersToChangePassword ?? false,
    expirePasswords: raw.ExpirePasswords ?? false,
    ...(raw.MaxPasswordAge === undefined ? {} : { maxAgeDays: raw.MaxPasswordAge }),
    ...(raw.PasswordReusePrevention === undefined ? {} : { reusePrevention: raw.PasswordReusePrevention }),
    ...(raw.HardExpiry === undefined ? {} : { hardExpiry: raw.HardExpiry }),
  };
}
