import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { ACCOUNT, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, run, trustDoc } from "./fixture.js";

// In AWS GovCloud (US) every ARN begins arn:aws-us-gov, the account's root included: a role trusting
// its own account names arn:aws-us-gov:iam::ACCOUNT:root, and any principal of the account whose
// policies allow sts:AssumeRole on it may assume it.
// https://docs.aws.amazon.com/govcloud-us/latest/UserGuide/using-govcloud-arns.html
const inGovCloud = <T extends { arn: string }>(p: T): T => ({
  ...p,
  arn: p.arn.replace("arn:aws:", "arn:aws-us-gov:"),
});

test("a user who may assume an administrator role trusting its GovCloud account's root can escalate", () => {
  const dev = inGovCloud(
    user("dev", {
      inlinePolicies: [
        { name: "assume", document: doc({ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }) },
      ],
    }),
  );
  const admin = inGovCloud(
    role("admin", {
      trustPolicy: trustDoc({ AWS: `arn:aws-us-gov:iam::${ACCOUNT}:root` }),
      inlinePolicies: [{ name: "all", document: doc({ Effect: "Allow", Action: "*", Resource: "*" }) }],
    }),
  );
  const findings = findingsOf(
    run(snapshotWith({ users: [dev], roles: [admin] })),
    "privilege-escalation",
    dev.arn,
  );
  assert.equal(findings.length, 1);
  assert.equal(findings[0]?.severity, "high");
});

test("a GovCloud trust policy open to a role name in any account is open to any principal", () => {
  // Anyone with a GovCloud account may create a role named deployer and assume x: the same trust
  // policy written arn:aws:iam::*:role/deployer is reported critical in the aws partition.
  const x = inGovCloud(
    role("x", {
      trustPolicy: trustDoc(
        { AWS: "*" },
        { ArnLike: { "aws:PrincipalArn": "arn:aws-us-gov:iam::*:role/deployer" } },
      ),
    }),
  );
  const findings = findingsOf(run(snapshotWith({ roles: [x] })), "trust-any-principal", x.arn);
  assert.equal(findings.length, 1);
});
