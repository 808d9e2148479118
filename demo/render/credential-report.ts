import { CREDENTIAL_REPORT_COLUMNS } from "../../core/engine/snapshot/credential-report.js";
import { ACCOUNT_ID, arn, cliDate } from "../model/account.js";
import type { UserSpec } from "../model/types.js";

/** The columns of the credential report, in AWS's order: the reader's own list, so both agree. */
export { CREDENTIAL_REPORT_COLUMNS };

export interface KeyUse {
  date: Date;
  region: string;
  service: string;
}

export interface CredentialUsage {
  /** Last console sign-in per user name. */
  passwordLastUsed: ReadonlyMap<string, Date>;
  /** Last use per `user:slot`. */
  keyLastUsed: ReadonlyMap<string, KeyUse>;
}

/** The root user: MFA on, no access keys, last signed in in the spring (outside the window). */
const ROOT = {
  created: "2021-03-15T08:55:00Z",
  passwordLastUsed: "2026-04-11T17:20:03Z",
};

/**
 * The report as GetCredentialReport's Content decodes to. Values follow the IAM User Guide:
 * `N/A` for no password or an unused key, `no_information` for a password never used, and
 * `not_supported` where a column does not apply to the root user.
 */
export function renderCredentialReport(users: readonly UserSpec[], usage: CredentialUsage): string {
  const rows: string[][] = [[...CREDENTIAL_REPORT_COLUMNS]];
  rows.push([
    "<root_account>",
    `arn:aws:iam::${ACCOUNT_ID}:root`,
    cliDate(ROOT.created),
    "not_supported",
    cliDate(ROOT.passwordLastUsed),
    "not_supported",
    "not_supported",
    "true",
    ...noKey(),
    ...noKey(),
    ...noCerts(),
  ]);
  for (const user of users) {
    const password = user.console;
    const lastSignIn = usage.passwordLastUsed.get(user.name);
    rows.push([
      user.name,
      arn.user(user.name, user.path),
      cliDate(user.created),
      String(Boolean(password)),
      password ? (lastSignIn ? cliDate(lastSignIn.toISOString()) : "no_information") : "N/A",
      password ? cliDate(password.passwordChanged) : "N/A",
      "N/A",
      String(password?.mfa === true),
      ...([1, 2] as const).flatMap((slot) => {
        const key = user.keys?.[slot - 1];
        if (!key) return noKey();
        const used = usage.keyLastUsed.get(`${user.name}:${slot}`);
        return [
          String(key.active),
          cliDate(key.created),
          used ? cliDate(used.date.toISOString()) : "N/A",
          used?.region ?? "N/A",
          used?.service ?? "N/A",
        ];
      }),
      ...noCerts(),
    ]);
  }
  return `${rows.map((r) => r.join(",")).join("\n")}\n`;
}

const noKey = () => ["false", "N/A", "N/A", "N/A", "N/A"];
const noCerts = () => ["false", "N/A", "false", "N/A"];
