import assert from "node:assert/strict";
import { test } from "node:test";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { holderDecision } from "../../helpers/holder-decision.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// A cluster rebooted has its instances rebooted inside the call: the Service Authorization
// Reference lists rds:RebootDBInstance among the dependent actions of rds:RebootDBCluster
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonrds.html). The
// trail records the cluster's reboot alone.
const RDS = `arn:aws:rds:us-east-1:${ACCOUNT}`;

test("a cluster rebooted keeps the reboot of its instances where granted today", async () => {
  const ops = role("ops", {
    ...ownPolicy([
      { Effect: "Allow", Action: ["rds:RebootDBCluster", "rds:RebootDBInstance"], Resource: `${RDS}:*` },
    ]),
  });
  const report = await auditOf(snapshotWith({ roles: [ops] }), [
    eventItem({
      eventSource: "rds.amazonaws.com",
      eventName: "RebootDBCluster",
      userIdentity: roleSession(ops.arn, "ops"),
      requestParameters: { dBClusterIdentifier: "orders" },
    }),
  ]);
  const rec = report.recommendations.find((r) => r.principalArn === ops.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  const documents = rec!.policies.map((p) => p.document);
  assert.equal(
    holderDecision(documents, { action: "rds:RebootDBInstance", resource: `${RDS}:db:orders-instance-1` }),
    "Allow",
    `the next reboot is refused: ${JSON.stringify(documents)}`,
  );
});
