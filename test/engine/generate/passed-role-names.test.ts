import assert from "node:assert/strict";
import { test } from "node:test";
import { auditOf } from "../../helpers/audit-fixture.js";
import { holderDecision } from "../../helpers/holder-decision.js";
import { provenDocuments, roleWrite } from "../../helpers/role-write.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// Calls the Service Authorization Reference lists iam:PassRole as a dependent action of, that name
// the role passed by its name rather than its ARN: Image Builder's DistributeImage `executionRole`
// (https://docs.aws.amazon.com/imagebuilder/latest/APIReference/API_DistributeImage.html),
// Resilience Hub's `invokerRoleName`
// (https://docs.aws.amazon.com/resilience-hub/latest/APIReference/API_PermissionModel.html), an
// RDS instance's Kerberos `domainIAMRoleName`
// (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html).
const ARN = `arn:aws:iam::${ACCOUNT}:role/service-role/named-service-role`;
const PASSED = role("named-service-role", { path: "/service-role/", arn: ARN });
const OTHER = `arn:aws:iam::${ACCOUNT}:role/other`;

const CALLS: readonly { action: string; params: Record<string, unknown> }[] = [
  {
    action: "imagebuilder:DistributeImage",
    params: {
      sourceImage: `arn:aws:imagebuilder:us-east-1:${ACCOUNT}:image/web/1.0.0/1`,
      distributionConfigurationArn: `arn:aws:imagebuilder:us-east-1:${ACCOUNT}:distribution-configuration/web`,
      executionRole: "named-service-role",
    },
  },
  {
    action: "resiliencehub:CreateApp",
    params: {
      name: "checkout",
      permissionModel: { type: "RoleBased", invokerRoleName: "named-service-role" },
    },
  },
  {
    action: "rds:CreateDBInstance",
    params: {
      dBInstanceIdentifier: "ledger",
      engine: "sqlserver-se",
      dBInstanceClass: "db.m5.xlarge",
      domain: "d-1234567890",
      domainIAMRoleName: "named-service-role",
    },
  },
];

for (const { action, params } of CALLS)
  test(`${action} passes the role it names by name, unobservable actions dropped`, async () => {
    const caller = role("caller", {
      ...ownPolicy([
        { Effect: "Allow", Action: action, Resource: "*" },
        { Effect: "Allow", Action: "iam:PassRole", Resource: [ARN, OTHER] },
      ]),
    });
    const call = roleWrite(caller.arn, action, params);
    const report = await auditOf(snapshotWith({ roles: [caller, PASSED] }), [call], {
      generate: { unobservable: "drop" },
    });
    const documents = provenDocuments(report, caller.arn);
    const passes = (resource: string) => holderDecision(documents, { action: "iam:PassRole", resource });
    assert.equal(passes(ARN), "Allow", JSON.stringify(documents));
    assert.equal(passes(OTHER), "ImplicitDeny", JSON.stringify(documents));
  });
