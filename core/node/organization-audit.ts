import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DescribeOrganizationCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { type AwsConnection, clientConfig, createClients } from "../aws/clients.js";
import { readDelegatedServices } from "../aws/delegated-administrators.js";
import { IamSnapshotSource } from "../aws/iam-collector.js";
import { describeAwsError } from "../aws/iam-errors.js";
import { memberRoleConnection } from "../aws/member-role-session.js";
import { listOrganizationAccounts } from "../aws/organization-accounts.js";
import { readPolicyDelegation } from "../aws/organization-policy-delegation.js";
import { readRootAccess } from "../aws/organization-root-access.js";
import { OrganizationReads } from "../aws/organization-scps.js";
import { OrganizationSnapshotSource } from "../aws/organization-snapshot-source.js";
import type { AuditSources } from "../engine/audit.js";
import type { Catalog } from "../engine/catalog/catalog.js";
import { renderOrgHtml } from "../engine/organization/render-html.js";
import { renderOrgMarkdown } from "../engine/organization/render-markdown.js";
import { type AccountOutcome, buildOrgReport } from "../engine/organization/rollup.js";
import type { OrgReport } from "../engine/organization/schema.js";
import type { Report } from "../engine/report/schema.js";
import { boundedMap } from "./concurrency.js";
import { earlierAccountReports } from "./earlier-account-reports.js";
import { replaceFileSet } from "./file-set.js";
import { makeOutputDir } from "./output-dir.js";
import { writeReportFiles } from "./report-files.js";

export interface OrganizationAuditOptions {
  /** As whom the run calls AWS: the management or delegated administrator account. */
  connection: AwsConnection;
  /** The read-only role every member account deploys (stacks/member-role.template.json). */
  memberRoleName: string;
  outDir: string;
  /** Accounts audited at once. */
  concurrency: number;
  catalog: Catalog;
  window: OrgReport["window"];
  generatedAt: string;
  /** The activity sources for one account, read with that account's connection. */
  activityFor: (connection: AwsConnection) => Promise<Omit<AuditSources, "snapshot">>;
  /** Runs the single-account audit (runAudit with the run's options). */
  audit: (sources: AuditSources) => Promise<Report>;
  /** `warnings`: what the reader should know about the account's folder (policy files left there). */
  onAccount?: (
    accountId: string,
    outcome: "audited" | "failed",
    detail: string,
    warnings?: readonly string[],
  ) => void;
}

/**
 * `whittle audit --org`: lists the organization's accounts, audits each through its member role
 * (the account the run is in with its own credentials), with at most `concurrency` at once, and
 * writes DIR/<accountId>/report.* plus the rollup DIR/org-report.*. An account that cannot be
 * audited is in the rollup as failed, with the reason; inactive accounts too. A folder of DIR
 * holding an earlier run's report of an account this run did not audit is named in its warnings.
 */
export async function runOrganizationAudit(options: OrganizationAuditOptions): Promise<OrgReport> {
  const { connection } = options;
  const clients = createClients(connection);
  const organizations = new OrganizationsClient(clientConfig(connection));
  const caller = await clients.sts.send(new GetCallerIdentityCommand({}));
  const self = caller.Account ?? "";
  const partition = caller.Arn?.split(":")[1] ?? "aws";
  const org = (await organizations.send(new DescribeOrganizationCommand({}))).Organization;
  const accounts = await listOrganizationAccounts(organizations);
  // Which account is IAM's delegated administrator, which may take member root users as the
  // management account may: read, not guessed from its policies, wherever it can be.
  const rootAccess = await readRootAccess(organizations, clients.iam);
  // And which accounts administer StackSets and Identity Center, which deploy into the members.
  const delegatedServices = await readDelegatedServices(organizations);
  // And which member accounts may rewrite its SCPs and RCPs, which would lift what they block.
  const policyDelegation = await readPolicyDelegation(organizations);
  // The accounts share the root, the OUs and their policies: each is read once for the run.
  const reads = new OrganizationReads();

  const outcomes = await boundedMap(
    accounts,
    options.concurrency,
    async (account): Promise<AccountOutcome> => {
      const named = { accountId: account.id, ...(account.name ? { name: account.name } : {}) };
      const failed = (error: string) => {
        options.onAccount?.(account.id, "failed", error);
        return { ...named, error };
      };
      // Its folder is named by it: a broken or hostile endpoint's `../x` would be written outside DIR.
      if (!ACCOUNT_ID.test(account.id))
        return failed(`${JSON.stringify(account.id)} is not an AWS account id (12 digits): not audited`);
      if (account.state !== "ACTIVE") return failed(`the account is ${account.state}, not ACTIVE`);
      try {
        const roleArn = `arn:${partition}:iam::${account.id}:role/${options.memberRoleName}`;
        const member =
          account.id === self ? connection : await memberRoleConnection(clients.sts, connection, roleArn);
        const how = account.id === self ? "the caller's own credentials" : roleArn;
        const source = new OrganizationSnapshotSource(
          new IamSnapshotSource(createClients(member), {}, `account ${account.id} via ${how}`),
          organizations,
          account.id,
          reads,
        );
        const report = await options.audit({ snapshot: source, ...(await options.activityFor(member)) });
        if (report.accountId !== account.id)
          return failed(`${how} reached account ${report.accountId}, not ${account.id}`);
        const { warnings } = await writeReportFiles(join(options.outDir, account.id), report);
        const detail = [`${report.summary.principals} principals`, ...warnings].join("; ");
        options.onAccount?.(account.id, "audited", detail, warnings);
        return { ...named, report, snapshot: source.loaded!, reportPath: `${account.id}/report.json` };
      } catch (error) {
        return failed(
          error instanceof Error && !("$metadata" in error) ? error.message : describeAwsError(error),
        );
      }
    },
  );

  // Read once every account is written: an earlier run's folders left beside this run's reports.
  const earlier = await earlierAccountReports(
    options.outDir,
    outcomes.map((o) => ({ accountId: o.accountId, audited: "report" in o })),
  );
  const report = buildOrgReport({
    catalog: options.catalog,
    warnings: earlier,
    auditedFrom: self,
    generatedAt: options.generatedAt,
    window: options.window,
    ...(org?.Id ? { organizationId: org.Id } : {}),
    ...(org?.MasterAccountId ? { managementAccountId: org.MasterAccountId } : {}),
    rootAccess,
    delegatedServices,
    policyDelegation,
    accounts: outcomes,
  });
  await writeOrgReportFiles(options.outDir, report);
  return report;
}

const ACCOUNT_ID = /^\d{12}$/;

/** DIR/org-report.{json,html,md}, moved into place together once all are written (replaceFileSet). */
export async function writeOrgReportFiles(dir: string, report: OrgReport): Promise<void> {
  await makeOutputDir(dir);
  const files: [string, string][] = [
    ["org-report.json", `${JSON.stringify(report, null, 2)}\n`],
    ["org-report.html", renderOrgHtml(report)],
    ["org-report.md", renderOrgMarkdown(report)],
  ];
  await replaceFileSet(
    dir,
    files.map(([name]) => name),
    async (stage) => {
      for (const [name, text] of files) await writeFile(join(stage, name), text, "utf8");
    },
  );
}
