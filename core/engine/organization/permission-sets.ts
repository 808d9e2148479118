import { AccountPermissions } from "../account/permissions.js";
import type { Catalog } from "../catalog/catalog.js";
import {
  PERMISSION_SET_POLICY_SIZE,
  permissionSetCloudFormation,
  permissionSetOf,
  permissionSetTerraform,
} from "../generate/iac-permission-set.js";
import { jsonSize } from "../generate/json-size.js";
import { proposedPermissions, proveWithinCurrent } from "../generate/proof.js";
import type { GeneratedStatement, PolicyDocument } from "../generate/types.js";
import type { Report } from "../report/schema.js";
import type { AccountOutcome } from "./rollup.js";
import type { OrgPermissionSet } from "./schema.js";

type Audited = Extract<AccountOutcome, { report: Report }>;
type Statement = GeneratedStatement;

/** One account's role for a permission set, and what that account's audit made of it. */
interface Holder {
  accountId: string;
  roleArn: string;
  outcome: Audited;
}

/**
 * A permission set's one policy for the whole organization. Identity Center writes a set's policy
 * into a role in every account the set is assigned to, so a policy proven against one account's
 * calls can break the others. Merged here from every account's own proven recommendation:
 * - Allow statements: the union of the accounts' (each account keeps every grant it was proven to
 *   need, so the merge covers what each account's proof replayed);
 * - Deny statements: the accounts' recommendations must carry the same ones (they carry their
 *   role's own Denies as written); otherwise one account's Deny could block another's calls;
 * - proven within each account's current permissions by the evaluator, since one account's grant
 *   joins the others.
 * Refused, with the reason, when an account could not be audited (the set may be assigned there),
 * when a holding account has no proven recommendation and its role is not shown unused, or when
 * the merge outgrows the set's one inline policy.
 */
export function permissionSetMerges(
  catalog: Catalog,
  accounts: readonly AccountOutcome[],
): OrgPermissionSet[] {
  const holders = new Map<string, Holder[]>();
  for (const outcome of accounts) {
    if (!("report" in outcome)) continue;
    for (const role of outcome.snapshot.roles) {
      const name = permissionSetOf(role);
      if (name === undefined) continue;
      const list = holders.get(name) ?? [];
      list.push({ accountId: outcome.accountId, roleArn: role.arn, outcome });
      holders.set(name, list);
    }
  }
  const failed = accounts.filter((a) => "error" in a).map((a) => a.accountId);
  const permissions = new Map<string, AccountPermissions>();
  const permissionsOf = (outcome: Audited) => {
    let known = permissions.get(outcome.accountId);
    if (!known) {
      known = new AccountPermissions(catalog, outcome.snapshot);
      permissions.set(outcome.accountId, known);
    }
    return known;
  };
  return [...holders]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, list]) => merge(name, list, failed, permissionsOf));
}

function merge(
  name: string,
  holders: readonly Holder[],
  failed: readonly string[],
  permissionsOf: (outcome: Audited) => AccountPermissions,
): OrgPermissionSet {
  const accounts = [...new Set(holders.map((h) => h.accountId))].sort();
  const refuse = (reason: string, violations: string[] = []): OrgPermissionSet => ({
    name,
    accounts,
    status: "refused",
    reason,
    ...(violations.length > 0 ? { violations } : {}),
  });
  if (failed.length > 0)
    return refuse(
      `account(s) ${failed.join(", ")} could not be audited: the set may be assigned there, and its use there is unknown`,
    );
  const documents: PolicyDocument[] = [];
  const unused: string[] = [];
  for (const h of holders) {
    const rec = h.outcome.report.recommendations.find((r) => r.principalArn === h.roleArn);
    const document = rec?.policies.length === 1 ? rec.policies[0]!.document : undefined;
    if (document) {
      documents.push(document as PolicyDocument);
      continue;
    }
    const row = h.outcome.report.principals.find((p) => p.arn === h.roleArn);
    if (row?.usage === "unused") {
      unused.push(h.accountId);
      continue;
    }
    return refuse(
      `account ${h.accountId} has no proven recommendation for its role ${h.roleArn}, and its use there is ${row?.usage ?? "unknown"}${row?.usageReason ? ` (${row.usageReason})` : ""}`,
    );
  }
  if (documents.length === 0) return refuse("no account shows the set in use: nothing to keep is known");
  const denies = documents.map((d) => statementsOf(d).filter((s) => s.Effect === "Deny"));
  const denyKey = (list: Statement[]) => list.map((s) => JSON.stringify(s)).join("\n");
  if (denies.some((list) => denyKey(list) !== denyKey(denies[0]!)))
    return refuse(
      "the accounts' roles carry different Deny statements: one account's Deny could block another's calls",
    );
  const document: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [...unionOfAllows(documents), ...denies[0]!],
  };
  const size = jsonSize(document);
  if (size > PERMISSION_SET_POLICY_SIZE)
    return refuse(
      `the merged policy needs ${size} characters; a permission set's inline policy holds ${PERMISSION_SET_POLICY_SIZE}`,
    );
  const violations: string[] = [];
  for (const h of holders) {
    const current = permissionsOf(h.outcome).of(h.roleArn)?.permissions;
    if (!current) return refuse(`account ${h.accountId}'s role ${h.roleArn} could not be evaluated`);
    const within = proveWithinCurrent(current.catalog, current, proposedPermissions(current, [document]));
    violations.push(...within.violations.map((v) => `account ${h.accountId}: ${v}`));
  }
  if (violations.length > 0)
    return refuse("the merged policy would grant more than the set's role holds in some account", violations);
  const policy = { name: `whittle-permission-set-${name}`, document };
  const scope =
    `Permission set ${name}: proven for every audited account holding its role (${accounts.join(", ")}). ` +
    "It keeps each account's proven grants and, in every one of them, nothing beyond what the role holds there today." +
    (unused.length > 0 ? ` Its role was unused in ${unused.join(", ")}.` : "");
  const managed = [...new Set(holders.flatMap((h) => roleOf(h)?.attachedPolicyArns ?? []))].sort();
  return {
    name,
    accounts,
    status: "proven",
    ...(unused.length > 0 ? { unusedIn: unused } : {}),
    policy,
    checks: { withinCurrent: true, coversObserved: true },
    iac: {
      terraform: permissionSetTerraform(name, scope, policy, managed),
      cloudformation: permissionSetCloudFormation(name, scope, policy),
    },
  };
}

const roleOf = (h: Holder) => h.outcome.snapshot.roles.find((r) => r.arn === h.roleArn);

/** Generated documents always list their statements. */
const statementsOf = (document: PolicyDocument): Statement[] => document.Statement;

/**
 * Every account's Allow statements once, in account order. Generated Sids (`S3Allow1`) repeat
 * across accounts and a policy's Sids must be unique, so each is numbered again within its stem.
 */
function unionOfAllows(documents: readonly PolicyDocument[]): Statement[] {
  const seen = new Set<string>();
  const stems = new Map<string, number>();
  const out: Statement[] = [];
  for (const d of documents)
    for (const s of statementsOf(d)) {
      if (s.Effect !== "Allow") continue;
      const { Sid, ...rest } = s;
      const key = JSON.stringify(rest);
      if (seen.has(key)) continue;
      seen.add(key);
      const stem = Sid.replace(/\d+$/, "");
      const n = (stems.get(stem) ?? 0) + 1;
      stems.set(stem, n);
      out.push({ Sid: `${stem}${n}`, ...rest });
    }
  return out;
}
