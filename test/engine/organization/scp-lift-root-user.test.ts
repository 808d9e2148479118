import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../helpers/policies.js";
import { snapshotWith, user } from "../../helpers/snapshot-fixture.js";
import { MANAGEMENT } from "./lift-fixture.js";
import { ORG_ID, organizationWith, orgReportFixture, PROD } from "./org-fixture.js";

/**
 * The member's SCPs decide its root user's requests, a Deny at any level or no Allow at one
 * refusing them: a caller that rewrites the SCP denying the member's root user lifts a path to it
 * only where the member's other levels still allow the root user what the path needs
 * (iam:CreateLoginProfile in its sts:AssumeRoot session). An OU's allow-list leaving IAM out still
 * refuses it.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user-privileged-task.html
 */
const [full] = organizationWith().scpLevels[0]!.policies;
const OU = "ou-ab12-11111111";
const scp = (name: string, statement: object) => ({
  id: `p-${name}`,
  arn: `arn:aws:organizations::${MANAGEMENT}:policy/${ORG_ID}/service_control_policy/p-${name}`,
  name,
  document: doc(statement),
});
const rootDeny = scp("rootdeny", {
  Effect: "Deny",
  Action: "*",
  Resource: "*",
  Condition: { StringLike: { "aws:PrincipalArn": "arn:aws:iam::*:root" } },
});
const allowList = (...actions: string[]) =>
  scp("allowlist", { Effect: "Allow", Action: actions, Resource: "*" });

/** The management account's rooter, allowed sts:AssumeRoot and `organizations`. */
const management = (organizations: object) =>
  snapshotWith({
    accountId: MANAGEMENT,
    users: [
      user("rooter", {
        arn: `arn:aws:iam::${MANAGEMENT}:user/rooter`,
        inlinePolicies: [
          {
            name: "p",
            document: doc(
              { Effect: "Allow", Action: "sts:AssumeRoot", Resource: "*" },
              { Effect: "Allow", ...organizations },
            ),
          },
        ],
      }),
    ],
    organization: { ...organizationWith(), managementAccountId: MANAGEMENT },
  });

/** Production under an OU allowing `ouAllows`, its account's SCPs `account`. */
const prod = (ouAllows: string[], account: object[]) =>
  snapshotWith({
    accountId: PROD,
    organization: {
      id: ORG_ID,
      managementAccountId: MANAGEMENT,
      scpLevels: [
        { targetId: "r-ab12", policies: [full!] },
        { targetId: OU, policies: [allowList(...ouAllows)] },
        { targetId: PROD, policies: account },
      ],
    } as never,
  });

const rootPath = async (organizations: object, ouAllows: string[], account: object[]) => {
  const report = await orgReportFixture([management(organizations), prod(ouAllows, account)], MANAGEMENT);
  const path = report.crossAccountPaths.find((p) => p.id.endsWith(`:iam::${PROD}:root`));
  assert.ok(path, JSON.stringify(report.crossAccountPaths));
  return path;
};

const REWRITE_DENY = { Action: "organizations:UpdatePolicy", Resource: rootDeny.arn };

test("rewriting the SCP denying the root user leaves it refused by an OU's allow-list leaving IAM out", async () => {
  const path = await rootPath(REWRITE_DENY, ["s3:*"], [full!, rootDeny]);
  assert.deepEqual(path.blockedBy, [rootDeny.arn]);
  assert.equal(path.liftsBlock, undefined);
  assert.equal(path.severity, "low");
});

test("it lifts the path where the OU's allow-list allows IAM", async () => {
  const path = await rootPath(REWRITE_DENY, ["s3:*", "iam:*"], [full!, rootDeny]);
  assert.deepEqual(path.blockedBy, [rootDeny.arn]);
  assert.equal(path.liftsBlock, "organizations:UpdatePolicy");
  assert.notEqual(path.severity, "low");
});

// No SCP denies the root user, but the OU's allow-list leaves IAM out: nothing allows it there.
test("a root-user path no SCP of the member allows is lifted by a caller that may give that level an Allow", async () => {
  const attach = await rootPath({ Action: "organizations:AttachPolicy", Resource: "*" }, ["s3:*"], [full!]);
  assert.deepEqual(attach.blockedBy, ["no SCP allows the member's root user"]);
  assert.equal(attach.liftsBlock, "organizations:AttachPolicy");
  assert.notEqual(attach.severity, "low");
  const rewrite = await rootPath(
    { Action: "organizations:UpdatePolicy", Resource: allowList().arn },
    ["s3:*"],
    [full!],
  );
  assert.equal(rewrite.liftsBlock, "organizations:UpdatePolicy");
});

test("one that may only rewrite another SCP leaves it blocked", async () => {
  const path = await rootPath(REWRITE_DENY, ["s3:*"], [full!]);
  assert.deepEqual(path.blockedBy, ["no SCP allows the member's root user"]);
  assert.equal(path.liftsBlock, undefined);
  assert.equal(path.severity, "low");
});
