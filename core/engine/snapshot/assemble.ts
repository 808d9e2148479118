import type { CredentialReport } from "./credential-report.js";
import type { AuthorizationDetails } from "./gaad.js";
import {
  type PasswordPolicy,
  type PrincipalLastAccessed,
  SNAPSHOT_SCHEMA_VERSION,
  type Snapshot,
} from "./model.js";

/** Everything a source (live collector or offline files) gathered, before it becomes a Snapshot. */
export interface SnapshotParts {
  /** When known (STS GetCallerIdentity); otherwise inferred from the ARNs in the input. */
  accountId?: string;
  alias?: string;
  collectedAt: Date;
  details: AuthorizationDetails;
  credentialReport?: CredentialReport;
  passwordPolicy?: PasswordPolicy;
  lastAccessed?: Record<string, PrincipalLastAccessed>;
  warnings?: string[];
}

/** Puts the parts together and records what does not line up, as warnings. */
export function assembleSnapshot(parts: SnapshotParts): Snapshot {
  const { details, credentialReport } = parts;
  const warnings = [...(parts.warnings ?? []), ...details.warnings, ...(credentialReport?.warnings ?? [])];
  const accountId = parts.accountId ?? inferAccountId(parts);
  if (!accountId) warnings.push("the account id could not be told from the input; recorded as unknown");

  const userArns = new Set(details.users.map((u) => u.arn));
  for (const arn of Object.keys(credentialReport?.credentials ?? {})) {
    if (!userArns.has(arn)) {
      warnings.push(`the credential report lists ${arn}, which the authorization details do not describe`);
    }
  }
  // Data under an ARN no principal has (another account's, another path) is no principal's: each
  // verdict it would have settled is unknown, and the user is told why.
  const principalArns = new Set([
    ...userArns,
    ...details.roles.map((r) => r.arn),
    ...details.groups.map((g) => g.arn),
  ]);
  for (const arn of Object.keys(parts.lastAccessed ?? {})) {
    if (!principalArns.has(arn)) {
      warnings.push(`the last-accessed data lists ${arn}, which the authorization details do not describe`);
    }
  }
  if (!credentialReport)
    warnings.push("no credential report: password, access key and root findings are skipped");
  else {
    // A user the report leaves out (created after it, or its row cut) is checked for nothing.
    const listed = credentialReport.credentials;
    for (const arn of userArns)
      if (!Object.hasOwn(listed, arn))
        warnings.push(
          `the credential report has no row for ${arn}: its password, MFA and access keys are not checked`,
        );
  }

  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    accountId: accountId ?? "unknown",
    ...(parts.alias ? { alias: parts.alias } : {}),
    collectedAt: parts.collectedAt.toISOString(),
    users: details.users,
    groups: details.groups,
    roles: details.roles,
    managedPolicies: details.managedPolicies,
    credentials: credentialReport?.credentials ?? {},
    ...(credentialReport?.root ? { root: credentialReport.root } : {}),
    ...(parts.passwordPolicy ? { passwordPolicy: parts.passwordPolicy } : {}),
    lastAccessed: parts.lastAccessed ?? {},
    warnings,
  };
}

/** The 12-digit account in the principals' ARNs (arn:partition:iam::ACCOUNT:...), the most common one. */
function inferAccountId(parts: SnapshotParts): string | undefined {
  const arns = [
    ...parts.details.users.map((u) => u.arn),
    ...parts.details.roles.map((r) => r.arn),
    ...parts.details.groups.map((g) => g.arn),
    ...Object.keys(parts.details.managedPolicies),
    ...Object.keys(parts.credentialReport?.credentials ?? {}),
    ...(parts.credentialReport?.root ? [parts.credentialReport.root.arn] : []),
  ];
  const counts = new Map<string, number>();
  for (const arn of arns) {
    const account = /^arn:[^:]+:iam::(\d{12}):/.exec(arn)?.[1];
    if (account) counts.set(account, (counts.get(account) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}
