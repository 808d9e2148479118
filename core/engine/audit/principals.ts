import type { AccountPermissions } from "../account/permissions.js";
import type { ActivityAggregate } from "../activity/usage.js";
import type { Finding } from "../findings/types.js";
import { permissionSetOf } from "../generate/iac-permission-set.js";
import type { ReportPrincipal } from "../report/schema.js";
import { documentText } from "../snapshot/document-text.js";
import type { Snapshot } from "../snapshot/model.js";
import { policiesOf } from "../snapshot/policies-of.js";
import { principalByArn } from "../snapshot/principal-index.js";
import { riskClassifier } from "./risk-classes.js";
import { principalUsage, withGroupUsage } from "./usage-verdict.js";

/**
 * One row per user, role and group, with the usage and grant counts the report summarizes; fields
 * in the report schema's order, so that the report is validated without a copy.
 */
export function principalRows(
  account: AccountPermissions,
  aggregate: ActivityAggregate,
  findings: readonly Finding[],
  coverage: { windowStart: string; gap: string; snapshotAge?: string },
): ReportPrincipal[] {
  const usage = new Map(aggregate.principals.map((p) => [p.principal.id, p]));
  const unusedFinding = new Map<string, Finding>();
  for (const f of findings)
    if ((f.kind === "unused-role" || f.kind === "unused-user") && f.principalArn)
      unusedFinding.set(f.principalArn, f);
  const findingCount = new Map<string, number>();
  for (const f of findings)
    if (f.principalArn && !f.suppressed)
      findingCount.set(f.principalArn, (findingCount.get(f.principalArn) ?? 0) + 1);
  const classify = riskClassifier(account.catalog);
  const risky = account.catalog.emptySet();
  for (const action of account.catalog.actions) if (classify(action.key).length > 0) risky.add(action.id);
  const rows = account.all().map((access) => {
    const { arn, name } = access.principal;
    const used = usage.get(arn);
    const applied = policiesOf(account.snapshot, arn);
    const last = lastUsed(account.snapshot, arn, used?.lastSeen);
    const permissionSet = access.type === "role" ? permissionSetOf(access.principal) : undefined;
    return {
      arn,
      type: access.type,
      name,
      ...(permissionSet ? { permissionSet } : {}),
      lastUsed: last,
      // Only possibly needed (what an object's KMS key may be) is not seen used.
      observedActions: used?.actions.filter((a) => a.count > 0 && !a.possible).length ?? 0,
      grantedActions: access.permissions.effective().possible.count(),
      policySources: [
        ...(applied?.identity.map((p) => p.source) ?? []),
        ...(applied?.boundary ? [applied.boundary.source] : []),
      ],
      findings: findingCount.get(arn) ?? 0,
      riskyGrantedActions: access.permissions.effective().possible.intersect(risky).count(),
      ...principalUsage({ last, seen: used?.lastSeen, unused: unusedFinding.get(arn), ...coverage }),
    };
  });
  return withGroupUsage(rows, account);
}

/** The latest use any source knows of: CloudTrail, RoleLastUsed, credentials, last-accessed data. */
function lastUsed(snapshot: Snapshot, arn: string, activity: string | undefined): string | null {
  const dates: (string | null | undefined)[] = [activity];
  // The ARN index answers for roles; another principal's ARN could only name a role by a scan.
  const indexed = principalByArn(snapshot, arn);
  const role =
    indexed?.type === "role" ? indexed.principal : indexed && snapshot.roles.find((r) => r.arn === arn);
  dates.push(role?.roleLastUsed?.date);
  const credentials = snapshot.credentials[arn];
  if (credentials)
    dates.push(credentials.password.lastUsed, ...credentials.accessKeys.map((k) => k.lastUsed));
  for (const service of snapshot.lastAccessed[arn]?.services ?? []) dates.push(service.lastAuthenticated);
  const times = dates.filter((d): d is string => typeof d === "string").map((d) => new Date(d));
  if (times.length === 0) return null;
  return new Date(Math.max(...times.map((t) => t.getTime()))).toISOString();
}

/** Current documents by source for every policy that applies to some principal (for diffs). */
export function currentPolicies(snapshot: Snapshot): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of [...snapshot.users, ...snapshot.roles, ...snapshot.groups]) {
    const applied = policiesOf(snapshot, p.arn);
    for (const policy of applied?.identity ?? []) out[policy.source] ??= writable(policy.document);
    if (applied?.boundary) out[applied.boundary.source] ??= writable(applied.boundary.document);
  }
  return out;
}

/** Shown in place of a document nested too deeply to write as JSON: the report must still be written. */
export const UNWRITABLE_DOCUMENT = "(the document nests too deeply to write as JSON)";

function writable(document: unknown): unknown {
  try {
    // Its text is the one parsing remembered: no second copy is made.
    documentText(document);
    return document;
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return UNWRITABLE_DOCUMENT;
  }
}
