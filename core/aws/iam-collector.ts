import type { IAMClient } from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand, type STSClient } from "@aws-sdk/client-sts";
import { assembleSnapshot } from "../engine/snapshot/assemble.js";
import { type CredentialReport, readCredentialReport } from "../engine/snapshot/credential-report.js";
import { readAuthorizationDetails } from "../engine/snapshot/gaad.js";
import type { Snapshot } from "../engine/snapshot/model.js";
import type { SnapshotSource } from "../engine/snapshot/source.js";
import { fetchAccountAlias, fetchPasswordPolicy } from "./iam-account-settings.js";
import { fetchAuthorizationDetails } from "./iam-authorization-details.js";
import { fetchCredentialReport, type PollOptions } from "./iam-credential-report.js";
import { describeAwsError, IamCollectionError } from "./iam-errors.js";
import { fetchLastAccessed } from "./iam-last-accessed.js";
import { listOtherCredentials } from "./iam-other-credentials.js";
import { completeUserCredentials } from "./iam-user-credentials.js";

export interface IamCollectorOptions {
  /** GetAccountAuthorizationDetails MaxItems (1–1000). */
  pageSize?: number;
  /** Calls in flight for per-principal APIs (access keys, last-accessed jobs). */
  concurrency?: number;
  /** Run the service last-accessed jobs (one per principal; slow on large accounts). */
  lastAccessed?: boolean;
  poll?: PollOptions;
  /** The collector's clock, for `collectedAt` (tests pass a fixed one). */
  clock?: () => Date;
}

type Clients = { iam: Pick<IAMClient, "send">; sts: Pick<STSClient, "send"> };

/**
 * The live snapshot source: collects with SDK v3 (clients injected, so an endpoint override or a
 * stub works) and hands everything to the pure readers. Only what identifies the account and its
 * principals is required; everything else that fails is recorded as a warning in the snapshot.
 */
export class IamSnapshotSource implements SnapshotSource {
  readonly description: string;

  constructor(
    private readonly clients: Clients,
    private readonly options: IamCollectorOptions = {},
    description = "live account",
  ) {
    this.description = description;
  }

  async load(): Promise<Snapshot> {
    const { iam, sts } = this.clients;
    const { concurrency = 4, clock = () => new Date() } = this.options;
    const collectedAt = clock();
    const warnings: string[] = [];

    const accountId = await callerAccount(sts);
    const alias = await fetchAccountAlias(iam);
    const details = readAuthorizationDetails(await fetchAuthorizationDetails(iam, this.options.pageSize));
    const credentialReport = await this.credentialReport(warnings);
    const policy = await fetchPasswordPolicy(iam);
    for (const w of [alias.warning, policy.warning]) if (w) warnings.push(w);

    let lastAccessed = {};
    if (this.options.lastAccessed !== false) {
      const arns = [...details.users, ...details.groups, ...details.roles].map((p) => p.arn);
      const result = await fetchLastAccessed(iam, arns, { ...this.options.poll, concurrency });
      lastAccessed = result.lastAccessed;
      warnings.push(...result.warnings);
    }

    return assembleSnapshot({
      accountId,
      ...(alias.alias ? { alias: alias.alias } : {}),
      collectedAt,
      details,
      ...(credentialReport ? { credentialReport } : {}),
      ...(policy.passwordPolicy ? { passwordPolicy: policy.passwordPolicy } : {}),
      lastAccessed,
      warnings,
    });
  }

  private async credentialReport(warnings: string[]): Promise<CredentialReport | undefined> {
    const { iam } = this.clients;
    let csv: string;
    try {
      csv = (await fetchCredentialReport(iam, this.options.poll)).csv;
    } catch (error) {
      warnings.push(`the credential report could not be read: ${describeAwsError(error)}`);
      return undefined;
    }
    const report = readCredentialReport(csv, "credential report");
    const concurrency = this.options.concurrency ?? 4;
    const completed = await completeUserCredentials(iam, report.credentials, concurrency);
    const other = await listOtherCredentials(iam, completed.credentials, concurrency);
    return {
      ...report,
      credentials: other.credentials,
      warnings: [...report.warnings, ...completed.warnings, ...other.warnings],
    };
  }
}

async function callerAccount(sts: Pick<STSClient, "send">): Promise<string> {
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    if (!identity.Account) throw new Error("GetCallerIdentity returned no account");
    return identity.Account;
  } catch (error) {
    throw new IamCollectionError("sts:GetCallerIdentity", error);
  }
}
