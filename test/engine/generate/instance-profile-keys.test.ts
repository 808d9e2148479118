import assert from "node:assert/strict";
import { test } from "node:test";
import { auditOf } from "../../helpers/audit-fixture.js";
import { holderDecision } from "../../helpers/holder-decision.js";
import { provenDocuments, roleWrite } from "../../helpers/role-write.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// Calls that hand a service an EC2 instance profile under a key of their own, and whose dependent
// actions the Service Authorization Reference lists iam:PassRole among: an AWS PCS compute node
// group's `iamInstanceProfileArn`
// (https://docs.aws.amazon.com/pcs/latest/APIReference/API_CreateComputeNodeGroup.html), an RDS
// Custom instance's `customIamInstanceProfile`
// (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html). The role
// passed is the one inside the profile.
const NODES = role("pcs-nodes", {
  instanceProfiles: [
    { name: "pcs-nodes", arn: `arn:aws:iam::${ACCOUNT}:instance-profile/pcs-nodes`, id: "AIPApcsnodes" },
  ],
});
const CUSTOM = role("AWSRDSCustomInstanceRole", {
  instanceProfiles: [
    {
      name: "AWSRDSCustomInstanceProfile",
      arn: `arn:aws:iam::${ACCOUNT}:instance-profile/AWSRDSCustomInstanceProfile`,
      id: "AIPArdscustom",
    },
  ],
});
const OTHER = `arn:aws:iam::${ACCOUNT}:role/other`;

const CALLS: readonly { action: string; params: Record<string, unknown>; passed: string }[] = [
  {
    action: "pcs:CreateComputeNodeGroup",
    params: {
      clusterIdentifier: "hpc",
      computeNodeGroupName: "compute-1",
      iamInstanceProfileArn: `arn:aws:iam::${ACCOUNT}:instance-profile/pcs-nodes`,
      customLaunchTemplate: { id: "lt-0123456789abcdef0", version: "1" },
      scalingConfiguration: { minInstanceCount: 0, maxInstanceCount: 4 },
    },
    passed: NODES.arn,
  },
  {
    action: "pcs:UpdateComputeNodeGroup",
    params: {
      clusterIdentifier: "hpc",
      computeNodeGroupIdentifier: "compute-1",
      iamInstanceProfileArn: `arn:aws:iam::${ACCOUNT}:instance-profile/pcs-nodes`,
    },
    passed: NODES.arn,
  },
  {
    action: "rds:CreateDBInstance",
    params: {
      dBInstanceIdentifier: "erp",
      engine: "custom-oracle-ee",
      dBInstanceClass: "db.m5.xlarge",
      customIamInstanceProfile: "AWSRDSCustomInstanceProfile",
    },
    passed: CUSTOM.arn,
  },
];

for (const { action, params, passed } of CALLS)
  test(`${action} passes the role of the instance profile it names, unobservable actions dropped`, async () => {
    const caller = role("caller", {
      ...ownPolicy([
        { Effect: "Allow", Action: action, Resource: "*" },
        { Effect: "Allow", Action: "iam:PassRole", Resource: [passed, OTHER] },
      ]),
    });
    const call = roleWrite(caller.arn, action, params);
    const report = await auditOf(snapshotWith({ roles: [caller, NODES, CUSTOM] }), [call], {
      generate: { unobservable: "drop" },
    });
    const documents = provenDocuments(report, caller.arn);
    const passes = (resource: string) => holderDecision(documents, { action: "iam:PassRole", resource });
    assert.equal(passes(passed), "Allow", JSON.stringify(documents));
    assert.equal(passes(OTHER), "ImplicitDeny", JSON.stringify(documents));
  });
