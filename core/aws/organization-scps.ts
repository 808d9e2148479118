import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  ListParentsCommand,
  ListPoliciesForTargetCommand,
  type OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { decodePolicyDocument } from "../engine/policy/decode.js";
import type { Organization, ServiceControlPolicy } from "../engine/snapshot/model.js";
import { pageTokens } from "./page-tokens.js";
import { isRcpTypeUnavailable } from "./rcp-availability.js";

type Client = Pick<OrganizationsClient, "send">;

/** AWS allows at most five levels of OUs under the root; anything deeper is a cycle in the answers. */
const MAX_DEPTH = 8;

/**
 * The service and resource control policies over one account, read from the management or
 * delegated administrator account: the account's path root → OUs → account (ListParents), and at
 * each node the policies attached (ListPoliciesForTarget, DescribePolicy for the content). A policy
 * attached at several nodes is described once. RCPs that cannot be read leave `rcpLevels` out, their
 * effect unknown: quietly where the organization has none to read (isRcpTypeUnavailable), else with
 * the error in `rcpsUnread`, for the reader to be told that RCPs were not taken into account.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html
 * `reads` is what the run has read already, shared by its accounts (OrganizationReads).
 */
export async function collectOrganizationScps(
  client: Client,
  accountId: string,
  reads: OrganizationReads = new OrganizationReads(),
): Promise<{ organization: Organization; rcpsUnread?: unknown }> {
  const org = await reads.once(
    "organization",
    async () => (await client.send(new DescribeOrganizationCommand({}))).Organization,
  );
  const path = await pathOf(client, accountId, reads);
  const levels = async (type: PolicyType) => {
    const result = [];
    for (const targetId of path) {
      const ids = await reads.once(`attached ${type} ${targetId}`, () =>
        attachedPolicies(client, targetId, type),
      );
      const policies = await Promise.all(
        ids.map((id) => reads.once(`policy ${id}`, () => describePolicy(client, id))),
      );
      result.push({ targetId, policies });
    }
    return result;
  };
  const scpLevels = await levels("SERVICE_CONTROL_POLICY");
  let rcpLevels: Organization["rcpLevels"];
  let rcpsUnread: unknown;
  try {
    rcpLevels = await levels("RESOURCE_CONTROL_POLICY");
  } catch (error) {
    if (!isRcpTypeUnavailable(error)) rcpsUnread = error;
  }
  const organization: Organization = {
    ...(org?.Id ? { id: org.Id } : {}),
    ...(org?.MasterAccountId ? { managementAccountId: org.MasterAccountId } : {}),
    scpLevels,
    ...(rcpLevels ? { rcpLevels } : {}),
  };
  return rcpsUnread === undefined ? { organization } : { organization, rcpsUnread };
}

type PolicyType = "SERVICE_CONTROL_POLICY" | "RESOURCE_CONTROL_POLICY";

/**
 * What one run has read of the organization, by request: an organization audit reads every
 * account's path, and its accounts share the root, the OUs and their policies, which are then read
 * once, leaving Organizations' request quota to what differs. A read that failed is forgotten, so
 * that the next account tries it again rather than inherit the failure.
 */
export class OrganizationReads {
  private readonly reads = new Map<string, Promise<unknown>>();

  once<T>(key: string, read: () => Promise<T>): Promise<T> {
    let hit = this.reads.get(key) as Promise<T> | undefined;
    if (!hit) {
      const started = read();
      hit = started;
      this.reads.set(key, started);
      started.catch(() => {
        if (this.reads.get(key) === started) this.reads.delete(key);
      });
    }
    return hit;
  }
}

/** Node ids from the root down to the account itself. */
async function pathOf(client: Client, accountId: string, reads: OrganizationReads): Promise<string[]> {
  const path = [accountId];
  let child = accountId;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const of = child;
    const parents = await reads.once(
      `parents ${of}`,
      async () => (await client.send(new ListParentsCommand({ ChildId: of }))).Parents ?? [],
    );
    const parent = parents[0];
    if (!parent?.Id) throw new Error(`Organizations listed no parent for ${child}`);
    path.unshift(parent.Id);
    if (parent.Type === "ROOT") return path;
    child = parent.Id;
  }
  throw new Error(`the organization path of account ${accountId} is deeper than ${MAX_DEPTH} levels`);
}

async function attachedPolicies(client: Client, targetId: string, type: PolicyType): Promise<string[]> {
  const ids: string[] = [];
  const next = pageTokens("ListPoliciesForTarget");
  let NextToken: string | undefined;
  do {
    const page = await client.send(
      new ListPoliciesForTargetCommand({ TargetId: targetId, Filter: type, NextToken }),
    );
    for (const p of page.Policies ?? []) if (p.Id) ids.push(p.Id);
    NextToken = next(page.NextToken);
  } while (NextToken);
  return ids;
}

async function describePolicy(client: Client, id: string): Promise<ServiceControlPolicy> {
  const policy = (await client.send(new DescribePolicyCommand({ PolicyId: id }))).Policy;
  const summary = policy?.PolicySummary;
  return {
    id,
    arn: summary?.Arn ?? id,
    name: summary?.Name ?? id,
    document: decodeContent(policy?.Content),
  };
}

/** Content is a JSON string; an unreadable one is kept as text so that its parse records the defect. */
function decodeContent(content: string | undefined): unknown {
  try {
    return decodePolicyDocument(content ?? "");
  } catch {
    return content ?? "";
  }
}
