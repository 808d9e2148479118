import assert from "node:assert/strict";
import { test } from "node:test";
import type { ActivityItem } from "../../../core/engine/activity/types.js";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { holderDecision } from "../../helpers/holder-decision.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// A DBA's role turns on native backup and restore for SQL Server: the option's IAM_ROLE_ARN setting
// hands RDS the role it reads and writes the backups' bucket with
// (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/SQLServer.Procedural.Importing.Enabling.html),
// and the Service Authorization Reference lists iam:PassRole as the dependent action of
// rds:ModifyOptionGroup. The role sits in the option setting's `value`, beside its `name`.
const BACKUPS = `arn:aws:iam::${ACCOUNT}:role/sqlserver-backups`;
const OTHER = `arn:aws:iam::${ACCOUNT}:role/other`;

const dba = role("dba", {
  ...ownPolicy([
    { Effect: "Allow", Action: "rds:ModifyOptionGroup", Resource: "*" },
    { Effect: "Allow", Action: "iam:PassRole", Resource: [BACKUPS, OTHER] },
  ]),
});

// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyOptionGroup.html
const modify: ActivityItem = eventItem({
  eventSource: "rds.amazonaws.com",
  eventName: "ModifyOptionGroup",
  eventCategory: "Management",
  readOnly: false,
  userIdentity: roleSession(dba.arn, "dba"),
  requestParameters: {
    optionGroupName: "sqlserver-se-15",
    optionsToInclude: [
      {
        optionName: "SQLSERVER_BACKUP_RESTORE",
        optionSettings: [{ name: "IAM_ROLE_ARN", value: BACKUPS }],
      },
    ],
    applyImmediately: true,
  },
} as never);

test("an option group given a role keeps iam:PassRole on that role alone, unobservable actions dropped", async () => {
  const report = await auditOf(snapshotWith({ roles: [dba] }), [modify], {
    generate: { unobservable: "drop" },
  });
  const rec = report.recommendations.find((r) => r.principalArn === dba.arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  const documents = rec!.policies.map((p) => p.document);
  const passes = (resource: string) => holderDecision(documents, { action: "iam:PassRole", resource });
  assert.equal(passes(BACKUPS), "Allow", JSON.stringify(documents));
  assert.equal(passes(OTHER), "ImplicitDeny", JSON.stringify(documents));
});
