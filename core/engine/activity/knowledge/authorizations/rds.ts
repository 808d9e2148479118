import type { EventEntry, Need, ServiceAuthorizations } from "./types.js";

const SAR = "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonrds.html";
const API = (op: string) => `https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_${op}.html`;

/**
 * A call that snapshots the database before deleting or stopping it (its `FinalDBSnapshotIdentifier`,
 * StopDBInstance's `DBSnapshotIdentifier`) makes the snapshot with the caller's permissions: the
 * Service Authorization Reference lists the snapshot's creating action among the call's dependent
 * actions, and no record of that creation is written, so a teardown seen taking final snapshots
 * would lose it and its next run be refused. The snapshot is named but not its database's ARN
 * (RDS identifiers are case-insensitive): the need keeps today's scope. Tags copied to the snapshot
 * (the database's CopyTagsToSnapshot, which the record does not show) are authorized as
 * rds:AddTagsToResource: inferred, kept only where granted today.
 */
function snapshotting(
  event: string,
  parameter: string,
  creates: string,
  also: readonly Need[] = [],
): EventEntry {
  return {
    event,
    actions: [{ action: `rds:${event}` }, ...also],
    rules: [
      {
        parameter,
        add: [
          { action: creates, resource: "unnamed" },
          { action: "rds:AddTagsToResource", resource: "unnamed", inferred: true },
        ],
        why: `a snapshot taken by the call is created as ${creates}, and may take the database's tags`,
        source: SAR,
      },
    ],
    why: "a database deleted or stopped, snapshotted first when the request names a snapshot",
    source: API(event),
  };
}

/**
 * A cluster rebooted has its instances rebooted inside the call: the reference lists
 * rds:RebootDBInstance among RebootDBCluster's dependent actions, and no record of it is written.
 * The record does not name the instances: inferred, so kept only where granted today.
 */
const REBOOTS_INSTANCES: EventEntry = {
  event: "RebootDBCluster",
  actions: [
    { action: "rds:RebootDBCluster" },
    { action: "rds:RebootDBInstance", resource: "unnamed", inferred: true },
  ],
  why: "a cluster's reboot reboots its instances",
  source: SAR,
};

export const RDS_AUTHORIZATIONS: ServiceAuthorizations = {
  service: "rds",
  events: [
    // The reference also lists the deletion of an instance's tenant databases (RDS for Oracle),
    // and of a Multi-AZ DB cluster's instances, which the record cannot show: inferred.
    snapshotting("DeleteDBInstance", "finalDBSnapshotIdentifier", "rds:CreateDBSnapshot", [
      { action: "rds:DeleteTenantDatabase", resource: "unnamed", inferred: true },
    ]),
    snapshotting("DeleteDBCluster", "finalDBSnapshotIdentifier", "rds:CreateDBClusterSnapshot", [
      { action: "rds:DeleteDBInstance", resource: "unnamed", inferred: true },
    ]),
    snapshotting("StopDBInstance", "dBSnapshotIdentifier", "rds:CreateDBSnapshot"),
    snapshotting("DeleteTenantDatabase", "finalDBSnapshotIdentifier", "rds:CreateDBSnapshot"),
    REBOOTS_INSTANCES,
  ],
};
