import { AWSOrganizationsNotInUseException, type OrganizationsClient } from "@aws-sdk/client-organizations";
import type { Snapshot } from "../engine/snapshot/model.js";
import type { SnapshotSource } from "../engine/snapshot/source.js";
import { describeAwsError } from "./iam-errors.js";
import { collectOrganizationScps, OrganizationReads } from "./organization-scps.js";

/**
 * A member account's snapshot with the organization's policies over it: the account's own IAM state
 * comes from `inner` (read through the member role), the SCPs along its OU path from the management
 * or delegated administrator account, which alone may read them. When they cannot be read the
 * snapshot says so and carries no organization, so their effect stays unknown rather than assumed;
 * RCPs that cannot be read (where the organization has some) are said so too, the SCPs kept.
 * An account in no organization has no such policies: no organization, and nothing to warn about.
 */
export class OrganizationSnapshotSource implements SnapshotSource {
  readonly description: string;
  /** The last snapshot loaded, for the organization rollup (which reads every account's state). */
  loaded?: Snapshot;

  constructor(
    private readonly inner: SnapshotSource,
    private readonly organizations: Pick<OrganizationsClient, "send">,
    /** The audited account; by default the one the snapshot was read from. */
    private readonly accountId?: string,
    /** What the run has read of the organization already, shared by the accounts it audits. */
    private readonly reads: OrganizationReads = new OrganizationReads(),
  ) {
    this.description = inner.description;
  }

  async load(): Promise<Snapshot> {
    const snapshot = await this.inner.load();
    let result: Snapshot;
    try {
      const { organization, rcpsUnread } = await collectOrganizationScps(
        this.organizations,
        this.accountId ?? snapshot.accountId,
        this.reads,
      );
      result = {
        ...snapshot,
        organization,
        ...(rcpsUnread === undefined
          ? {}
          : {
              warnings: [
                ...snapshot.warnings,
                `the organization's resource control policies could not be read (their limits are not applied): ${describeAwsError(rcpsUnread)}`,
              ],
            }),
      };
    } catch (error) {
      result =
        error instanceof AWSOrganizationsNotInUseException
          ? snapshot
          : {
              ...snapshot,
              warnings: [
                ...snapshot.warnings,
                `the organization's service control policies could not be read (their limits are not applied): ${describeAwsError(error)}`,
              ],
            };
    }
    this.loaded = result;
    return result;
  }
}
