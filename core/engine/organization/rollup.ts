import type { Catalog } from "../catalog/catalog.js";
import { type Graded, gradeOf } from "../findings/kinds.js";
import { SEVERITIES } from "../findings/types.js";
import { emptySeverityCounts, principalRisks } from "../report/ranking.js";
import type { Report } from "../report/schema.js";
import type { Snapshot } from "../snapshot/model.js";
import { accountWarnings, unauditedWarnings } from "./account-warnings.js";
import { type CrossAccountPath, crossAccountPaths } from "./cross-account.js";
import { type DelegatedServices, delegatedServiceWarnings } from "./delegated-services.js";
import { permissionSetMerges } from "./permission-sets.js";
import { type PolicyDelegation, policyDelegationWarnings } from "./policy-delegation.js";
import { type RootAccess, rootAccessWarnings } from "./root-access.js";
import {
  ORG_REPORT_SCHEMA_VERSION,
  type OrgCrossAccountPath,
  type OrgReport,
  type OrgReportAccount,
  orgReportSchema,
} from "./schema.js";

/** One account of the run: its report and snapshot, or why it could not be audited. */
export type AccountOutcome =
  | { accountId: string; name?: string; report: Report; snapshot: Snapshot; reportPath: string }
  | { accountId: string; name?: string; error: string };

export interface RollupInput {
  catalog: Catalog;
  auditedFrom: string;
  generatedAt: string;
  window: OrgReport["window"];
  organizationId?: string;
  managementAccountId?: string;
  /** IAM's centralized root access as the run read it: its delegated administrator, its features. */
  rootAccess?: RootAccess;
  /** The delegated administrators of StackSets and Identity Center as the run read them. */
  delegatedServices?: DelegatedServices;
  /** The organization's delegation policy as the run read it (organizations:DescribeResourcePolicy). */
  policyDelegation?: PolicyDelegation;
  accounts: readonly AccountOutcome[];
  warnings?: readonly string[];
}

/** Principals listed across the organization, worst first. */
const WORST = 25;

/**
 * The organization rollup: every account (audited or failed, with the reason), totals, the worst
 * principals across accounts, the trust edges that cross accounts to somewhere that matters, and
 * each account's warnings that bear on how far its findings can be trusted.
 */
export function buildOrgReport(input: RollupInput): OrgReport {
  const audited = input.accounts.filter((a) => "report" in a);
  const totals = emptySeverityCounts();
  for (const a of audited) for (const s of SEVERITIES) totals[s] += a.report.summary.findings[s];
  const paths = crossAccountPaths(
    input.catalog,
    audited.map((a) => ({ accountId: a.accountId, snapshot: a.snapshot })),
    input.organizationId,
    input.managementAccountId,
    input.rootAccess,
    input.delegatedServices,
    input.policyDelegation,
  )
    .map(describePath)
    .sort(
      (a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.id.localeCompare(b.id),
    );
  const report: OrgReport = {
    schemaVersion: ORG_REPORT_SCHEMA_VERSION,
    kind: "organization",
    ...(input.organizationId ? { organizationId: input.organizationId } : {}),
    ...(input.managementAccountId ? { managementAccountId: input.managementAccountId } : {}),
    auditedFrom: input.auditedFrom,
    generatedAt: input.generatedAt,
    window: input.window,
    summary: {
      accounts: input.accounts.length,
      audited: audited.length,
      failed: input.accounts.length - audited.length,
      principals: audited.reduce((n, a) => n + a.report.summary.principals, 0),
      findings: totals,
      crossAccountPaths: paths.length,
    },
    accounts: input.accounts.map((a) => accountRow(a, input.managementAccountId)),
    worstPrincipals: worstPrincipals(audited),
    crossAccountPaths: paths,
    permissionSets: permissionSetMerges(input.catalog, input.accounts),
    warnings: [
      ...(input.warnings ?? []),
      ...accountWarnings(audited),
      ...unauditedWarnings(input.accounts),
      ...rootAccessWarnings(input.rootAccess),
      ...delegatedServiceWarnings(input.delegatedServices),
      ...policyDelegationWarnings(input.policyDelegation),
    ],
  };
  return orgReportSchema.parse(report);
}

function accountRow(outcome: AccountOutcome, management: string | undefined): OrgReportAccount {
  const base = {
    accountId: outcome.accountId,
    ...(outcome.name ? { name: outcome.name } : {}),
    ...(outcome.accountId === management ? { management: true } : {}),
  };
  if ("error" in outcome) return { ...base, status: "failed", reason: outcome.error };
  const org = outcome.snapshot.organization;
  // SCPs do not limit the management account: none is listed as applying to it.
  const scps =
    outcome.accountId === management ? [] : org?.scpLevels.flatMap((l) => l.policies.map((p) => p.arn));
  return {
    ...base,
    status: "audited",
    report: outcome.reportPath,
    principals: outcome.report.summary.principals,
    findings: outcome.report.summary.findings,
    ...(org && scps ? { serviceControlPolicies: [...new Set(scps)] } : {}),
  };
}

function worstPrincipals(audited: readonly Extract<AccountOutcome, { report: Report }>[]) {
  const rows = audited.flatMap(({ accountId, report }) => {
    const kinds = new Map<string, Set<string>>();
    for (const f of report.findings) {
      if (!f.principalArn || f.suppressed) continue;
      const set = kinds.get(f.principalArn) ?? new Set();
      set.add(f.kind);
      kinds.set(f.principalArn, set);
    }
    return principalRisks(report)
      .filter((r) => r.score > 0)
      .map((r) => ({
        accountId,
        arn: r.principal.arn,
        name: r.principal.name,
        type: r.principal.type,
        score: r.score,
        findings: r.findings,
        kinds: [...(kinds.get(r.principal.arn) ?? [])].sort(),
      }));
  });
  return rows.sort((a, b) => b.score - a.score || a.arn.localeCompare(b.arn)).slice(0, WORST);
}

/**
 * Graded as the account's own privilege-escalation findings grade a path (the kind table): high,
 * medium when it hangs on a condition anywhere (the caller's edge, the role's administrator access,
 * or every way on from it), low when the caller's SCPs deny it (the guardrail is all that stops it)
 * unless it may rewrite them itself (then as if they did not), critical when anyone with AWS credentials can assume the caller.
 */
function gradeOfPath(path: CrossAccountPath): Graded {
  if (path.blockedBy && !path.liftsBlock) return gradeOf("privilege-escalation", "scp-denied");
  if (path.openToAnyone) return gradeOf("privilege-escalation", "assumable-by-anyone");
  const { reaches } = path;
  const sure =
    path.certainty === "yes" &&
    ("admin" in reaches ? reaches.admin !== "conditional" : reaches.certainty === "yes");
  return gradeOf("privilege-escalation", sure ? undefined : "conditional");
}

/** What a principal does before it goes on: joins a group, gives itself a policy, or makes a principal that has one. */
function firstSteps({ joinsGroup, selfGrant }: { joinsGroup?: string; selfGrant?: string }): string[] {
  return [
    ...(joinsGroup ? [`join ${joinsGroup.split("/").pop()}`] : []),
    ...(selfGrant ? [MADE[selfGrant] ?? `give itself any policy (${selfGrant})`] : []),
  ];
}

/** The create calls that make something with any policy for the principal to act through. */
const MADE: Record<string, string> = {
  "iam:CreateGroup": "create and join a group with any policy",
  "iam:CreateUser": "act as a user it creates with any policy",
  "iam:CreateRole": "act as a role it creates with any policy",
  "sso:PutInlinePolicyToPermissionSet": "give the permission set any policy",
  "sso:AttachManagedPolicyToPermissionSet": "attach any policy to the permission set",
};

function describePath(path: CrossAccountPath): OrgCrossAccountPath {
  const who = path.from.principalArn.split("/").pop();
  const role = path.to.roleArn.split("/").pop();
  const gives =
    "admin" in path.reaches
      ? path.reaches.admin === "scp-limited"
        ? "administrator (limited by SCPs)"
        : "administrator"
      : `escalation (${path.reaches.escalation.slice(0, 3).join("; ")})`;
  const lifted = path.liftsBlock ? `, which it may lift itself (${path.liftsBlock})` : "";
  const blocked = path.blockedBy
    ? `, blocked by organization policies (${path.blockedBy.join(", ")})${lifted}`
    : "";
  const unread = path.unreadPolicies
    ? `, if allowed by ${path.unreadPolicies.join(", ")} (no document in the snapshot)`
    : "";
  // Each principal taken over with every way it is (alternatives, any of which does), and what it
  // then does first itself: the title alone shows the whole path to someone closing it.
  const taken = path.through
    ?.map((t) => {
      const name = t.principalArn.split("/").pop();
      const ways =
        t.paths.slice(0, 3).join(" or ") + (t.paths.length > 3 ? ` or ${t.paths.length - 3} more` : "");
      const then = firstSteps(t);
      return `${name} (${ways}${then.length > 0 ? `, then as ${name}: ${then.join(", ")}` : ""})`;
    })
    .join(", then ");
  // What the caller does first, in turn: joins a group, gives itself a policy, takes others over.
  const first = [...firstSteps(path), ...(taken ? [`take over ${taken}`] : [])];
  // A StackSet it deploys runs as the member's execution role: the caller does not assume it.
  // An Identity Center user it assigns a permission set signs in as the role it is provisioned as.
  const delegated = path.delegatedAdministrator ? " (as its delegated administrator)" : "";
  const verb = path.stackSet
    ? `deploy a StackSet${delegated} run as`
    : path.permissionSet
      ? `assign permission set ${path.permissionSet}${delegated} and sign in as`
      : "assume";
  const does = `can ${first.length > 0 ? `${first.join(", ")} and ` : ""}${verb}`;
  // The member's root user, by an sts:AssumeRoot session that gives it a password.
  const root = path.assumeRoot;
  const target = root
    ? `the root user of ${path.to.accountId} (sts:AssumeRoot with ${root.taskPolicy.split("/").pop()}${root.delegatedAdministrator ? ", as IAM's delegated administrator" : ""}, then its password recovered${root.rootSessionsOff ? "; root sessions were not enabled when read" : ""})`
    : `${role} in ${path.to.accountId}`;
  return {
    id: `${path.from.principalArn} -> ${path.to.roleArn}`,
    ...gradeOfPath(path),
    title: `${who} (${path.from.accountId}) ${does} ${target}: ${gives}${unread}${blocked}`,
    ...path,
  };
}
