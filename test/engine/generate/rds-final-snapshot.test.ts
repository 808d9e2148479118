import assert from "node:assert/strict";
import { test } from "node:test";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { holderDecision } from "../../helpers/holder-decision.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// A database deleted or stopped with a snapshot taken first is snapshotted with the caller's own
// permissions: the Service Authorization Reference lists rds:CreateDBSnapshot among the dependent
// actions of rds:DeleteDBInstance and rds:StopDBInstance, and rds:CreateDBClusterSnapshot among
// those of rds:DeleteDBCluster
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonrds.html), and a
// caller without them is refused ("not authorized to perform: rds:CreateDBSnapshot on resource:
// …:snapshot:…"). The trail records the deletion alone.
const RDS = `arn:aws:rds:us-east-1:${ACCOUNT}`;

const teardown = role("teardown", {
  ...ownPolicy([
    {
      Effect: "Allow",
      Action: [
        "rds:DeleteDBInstance",
        "rds:DeleteDBCluster",
        "rds:StopDBInstance",
        "rds:CreateDBSnapshot",
        "rds:CreateDBClusterSnapshot",
      ],
      Resource: [
        `${RDS}:db:env-*`,
        `${RDS}:cluster:env-*`,
        `${RDS}:snapshot:env-*`,
        `${RDS}:cluster-snapshot:env-*`,
      ],
    },
  ]),
});

const call = (eventName: string, requestParameters: Record<string, unknown>) =>
  eventItem({
    eventSource: "rds.amazonaws.com",
    eventName,
    userIdentity: roleSession(teardown.arn, "teardown"),
    requestParameters,
  });

async function documentsAfter(...items: ReturnType<typeof call>[]) {
  const report = await auditOf(snapshotWith({ roles: [teardown] }), items);
  const rec = report.recommendations.find((r) => r.principalArn === teardown.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  return rec!.policies.map((p) => p.document);
}

test("a nightly teardown taking final snapshots keeps the snapshot creation its next night needs", async () => {
  const documents = await documentsAfter(
    call("DeleteDBInstance", {
      dBInstanceIdentifier: "env-a",
      skipFinalSnapshot: false,
      finalDBSnapshotIdentifier: "env-a-final-0520",
    }),
    call("DeleteDBCluster", {
      dBClusterIdentifier: "env-c",
      skipFinalSnapshot: false,
      finalDBSnapshotIdentifier: "env-c-final-0520",
    }),
  );
  const decide = (action: string, resource: string) => holderDecision(documents, { action, resource });
  const refused = `the next teardown is refused: ${JSON.stringify(documents)}`;
  assert.equal(decide("rds:CreateDBSnapshot", `${RDS}:db:env-a`), "Allow", refused);
  assert.equal(decide("rds:CreateDBSnapshot", `${RDS}:snapshot:env-a-final-0521`), "Allow", refused);
  assert.equal(decide("rds:CreateDBClusterSnapshot", `${RDS}:cluster:env-c`), "Allow", refused);
  assert.equal(
    decide("rds:CreateDBClusterSnapshot", `${RDS}:cluster-snapshot:env-c-final-0521`),
    "Allow",
    refused,
  );
});

test("an instance stopped with a snapshot keeps the snapshot creation", async () => {
  const documents = await documentsAfter(
    call("StopDBInstance", { dBInstanceIdentifier: "env-b", dBSnapshotIdentifier: "env-b-stop-0520" }),
  );
  assert.equal(
    holderDecision(documents, {
      action: "rds:CreateDBSnapshot",
      resource: `${RDS}:snapshot:env-b-stop-0521`,
    }),
    "Allow",
    `the next stop is refused: ${JSON.stringify(documents)}`,
  );
});

test("a deletion that skips the final snapshot keeps no snapshot creation", async () => {
  const documents = await documentsAfter(
    call("DeleteDBInstance", { dBInstanceIdentifier: "env-a", skipFinalSnapshot: true }),
  );
  assert.equal(
    holderDecision(documents, {
      action: "rds:CreateDBSnapshot",
      resource: `${RDS}:snapshot:env-a-final-0521`,
    }),
    "ImplicitDeny",
    JSON.stringify(documents),
  );
});
