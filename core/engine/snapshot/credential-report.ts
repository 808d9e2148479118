import { parse } from "csv-parse/sync";
import { mergeRootRows, mergeUserRows } from "./credential-rows.js";
import { toIsoDate } from "./dates.js";
import { SnapshotInputError } from "./errors.js";
import type { AccessKey, RootFacts, UserCredentials } from "./model.js";

export interface CredentialReport {
  credentials: Record<string, UserCredentials>;
  root?: RootFacts;
  warnings: string[];
}

/**
 * The credential report's columns in AWS's order. Format and value meanings:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html#id_credentials_understanding_the_report_format
 */
export const CREDENTIAL_REPORT_COLUMNS = [
  "user",
  "arn",
  "user_creation_time",
  "password_enabled",
  "password_last_used",
  "password_last_changed",
  "password_next_rotation",
  "mfa_active",
  ...[1, 2].flatMap((n) =>
    ["active", "last_rotated", "last_used_date", "last_used_region", "last_used_service"].map(
      (field) => `access_key_${n}_${field}`,
    ),
  ),
  "cert_1_active",
  "cert_1_last_rotated",
  "cert_2_active",
  "cert_2_last_rotated",
] as const;

/** The columns Whittle reads; a report without one of them cannot be trusted. */
const REQUIRED_COLUMNS = CREDENTIAL_REPORT_COLUMNS.filter(
  (c) => c !== "password_next_rotation" && !c.startsWith("cert_"),
);

const ROOT_USER = "<root_account>";

type Row = Record<string, string>;

/** Parses the credential report CSV (the decoded `Content` of GetCredentialReport). */
export function readCredentialReport(csv: string, file?: string): CredentialReport {
  const rows = parseCsv(csv, file);
  const header = rows[0]?.record ?? [];
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (header.length === 0 || missing.length > 0) {
    throw new SnapshotInputError(`the credential report lacks the column(s) ${missing.join(", ")}`, {
      file,
      line: 1,
    });
  }
  // Read by name, the last of two columns of one name won: a key one showed used read as never used.
  const repeated = [...new Set(header.filter((name, i) => header.indexOf(name) !== i))];
  if (repeated.length > 0) {
    throw new SnapshotInputError(`the credential report names the column(s) ${repeated.join(", ")} twice`, {
      file,
      line: 1,
    });
  }
  const report: CredentialReport = { credentials: {}, warnings: [] };
  const lines = new Map<string, number>();
  for (const { record, line } of rows.slice(1)) {
    const row: Row = Object.fromEntries(header.map((name, i) => [name, record[i] ?? ""]));
    const where = `${file ? `${file}, ` : ""}line ${line}`;
    const warn = (message: string) => report.warnings.push(`${where}: ${message}`);
    const key = row.user === ROOT_USER ? ROOT_USER : (row.arn ?? "");
    const first = lines.get(key);
    if (first === undefined) lines.set(key, line);
    else
      warn(
        `a second row for ${JSON.stringify(key)} (first on line ${first}): each credential's most recent use of the rows is kept, and none is called unused that a row shows used`,
      );
    if (row.user === ROOT_USER) {
      const root = toRoot(row, warn);
      report.root = report.root ? mergeRootRows(report.root, root) : root;
    } else {
      const user = toUserCredentials(row, warn);
      // The ARN is the file's text: `toString` or `__proto__` must be a key of its own, not the
      // object's inherited member or prototype.
      const earlier = Object.hasOwn(report.credentials, key) ? report.credentials[key] : undefined;
      Object.defineProperty(report.credentials, key, {
        value: earlier ? mergeUserRows(earlier, user) : user,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return report;
}

function parseCsv(csv: string, file: string | undefined): { record: string[]; line: number }[] {
  try {
    const records = parse(csv, { info: true, skip_empty_lines: true, trim: true }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
    return records.map((r) => ({ record: r.record, line: r.info.lines }));
  } catch (cause) {
    const line = (cause as { lines?: number }).lines;
    throw new SnapshotInputError(
      `the credential report is not valid CSV (${(cause as Error).message})`,
      { file, ...(line === undefined ? {} : { line }) },
      { cause },
    );
  }
}

type Warn = (message: string) => void;

function toUserCredentials(row: Row, warn: Warn): UserCredentials {
  // A flag it cannot read may hide a password whose use is then unknown: taken as enabled, so the
  // password settles nothing unless its last use is read (usage.ts credentialsSettle).
  const enabled = flag(row, "password_enabled", warn) ?? true;
  const lastChanged = date(row, "password_last_changed", warn);
  const userCreated = date(row, "user_creation_time", warn);
  return {
    userArn: row.arn ?? "",
    userName: row.user ?? "",
    ...(userCreated ? { userCreated } : {}),
    password: {
      enabled,
      ...passwordUsage(row, userCreated, warn),
      ...(lastChanged ? { lastChanged } : {}),
    },
    mfa: { active: flag(row, "mfa_active", warn) ?? false },
    accessKeys: accessKeys(row, warn),
    ...signingCertificates(row, warn),
  };
}

/**
 * X.509 signing certificates, which some services accept to sign requests: the report says which
 * are active but, as for SSH keys, IAM records no last use, so a user holding one is never shown
 * idle by its password and keys (unused-user.ts). Columns a report lacks list none.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadSigningCertificate.html
 */
function signingCertificates(row: Row, warn: Warn): Pick<UserCredentials, "otherCredentials"> {
  const certificates: NonNullable<UserCredentials["otherCredentials"]> = [];
  for (const slot of [1, 2]) {
    const column = `cert_${slot}_active`;
    if (row[column] === undefined || row[column] === "") continue;
    const active = flag(row, column, warn);
    // An unreadable flag may be an active certificate: counted as one.
    if (active === false && !date(row, `cert_${slot}_last_rotated`, warn)) continue;
    certificates.push({ kind: "signing-certificate", id: `cert_${slot}`, active: active !== false });
  }
  return certificates.length > 0 ? { otherCredentials: certificates } : {};
}

function toRoot(row: Row, warn: Warn): RootFacts {
  const passwordLastUsed = passwordUsage(row, date(row, "user_creation_time", warn), warn).lastUsed;
  return {
    arn: row.arn ?? "",
    mfaActive: flag(row, "mfa_active", warn) ?? false,
    ...(passwordLastUsed === undefined ? {} : { passwordLastUsed }),
    accessKeys: accessKeys(row, warn),
  };
}

/** The report has two key slots; a slot with no key is inactive and never rotated. */
function accessKeys(row: Row, warn: Warn): AccessKey[] {
  const keys: AccessKey[] = [];
  for (const slot of [1, 2]) {
    const prefix = `access_key_${slot}`;
    const active = flag(row, `${prefix}_active`, warn);
    const created = date(row, `${prefix}_last_rotated`, warn);
    if (active !== true && !created) continue;
    const service = text(row[`${prefix}_last_used_service`]);
    const region = text(row[`${prefix}_last_used_region`]);
    keys.push({
      slot,
      // A key IAM dated whose flag cannot be read may be active, as a password or certificate may
      // be: read as inactive, a root key was no root access key and no key was due for rotation.
      status: active === false ? "Inactive" : "Active",
      ...(created ? { created } : {}),
      ...usage(row, `${prefix}_last_used_date`, warn),
      ...(service ? { lastUsedService: service } : {}),
      ...(region ? { lastUsedRegion: region } : {}),
    });
  }
  return keys;
}

/** IAM began tracking password use on this day; `no_information` before it means "unknown". */
const PASSWORD_TRACKING_START = "2014-10-20T00:00:00Z";

/**
 * password_last_used is `N/A` when the user has no password, and `no_information` when the
 * password was never used or was last used before IAM tracked it (October 20, 2014). For a user
 * created after that day, `no_information` can only mean never used.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html
 */
function passwordUsage(row: Row, userCreated: string | undefined, warn: Warn): { lastUsed?: string | null } {
  const value = row.password_last_used ?? "";
  if (value === "N/A" || value === "not_supported" || value === "") return {};
  if (value === "no_information") {
    const trackedSinceCreation =
      userCreated !== undefined && Date.parse(userCreated) >= Date.parse(PASSWORD_TRACKING_START);
    return trackedSinceCreation ? { lastUsed: null } : {};
  }
  return usage(row, "password_last_used", warn);
}

/** Access keys: `N/A` means never used; `no_information` means IAM has no record. */
function usage(row: Row, column: string, warn: Warn): { lastUsed?: string | null } {
  const value = row[column] ?? "";
  if (value === "N/A") return { lastUsed: null };
  if (value === "no_information" || value === "not_supported" || value === "") return {};
  const iso = toIsoDate(value);
  if (!iso) warn(`${column} is not a date: ${JSON.stringify(value)}; treated as unknown`);
  return iso ? { lastUsed: iso } : {};
}

function date(row: Row, column: string, warn: Warn): string | undefined {
  const value = row[column] ?? "";
  if (value === "N/A" || value === "no_information" || value === "not_supported" || value === "")
    return undefined;
  const iso = toIsoDate(value);
  if (!iso) warn(`${column} is not a date: ${JSON.stringify(value)}; treated as unknown`);
  return iso;
}

/** `true`/`false`, in any case: a report saved again by a spreadsheet writes `TRUE`. */
function flag(row: Row, column: string, warn: Warn): boolean | undefined {
  const value = row[column];
  if (value?.toLowerCase() === "true") return true;
  if (value?.toLowerCase() === "false") return false;
  if (value !== "not_supported") warn(`${column} is neither true nor false: ${JSON.stringify(value)}`);
  return undefined;
}

function text(value: string | undefined): string | undefined {
  return value && value !== "N/A" && value !== "no_information" ? value : undefined;
}
