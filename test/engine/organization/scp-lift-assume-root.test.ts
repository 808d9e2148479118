import assert from "node:assert/strict";
import { test } from "node:test";
import type { Snapshot } from "../../../core/engine/snapshot/model.js";
import { doc } from "../../helpers/policies.js";
import { snapshotWith, user } from "../../helpers/snapshot-fixture.js";
import { delegatingToDev, MANAGEMENT } from "./lift-fixture.js";
import { DEV, ORG_ID, organizationWith, orgReportFixture, PROD } from "./org-fixture.js";

/**
 * A request needs an SCP Allow at every level of the account's path for its own action: a path to
 * a member's root user (sts:AssumeRoot) whose denying SCP its caller may rewrite stays blocked
 * where an OU's allow-list names sts:AssumeRole but not sts:AssumeRoot.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
 */
const guarded = organizationWith({ Effect: "Deny", Action: "sts:AssumeRoot", Resource: "*" });
const [full, guard] = guarded.scpLevels[1]!.policies;
const OU = "ou-ab12-11111111";
const allowList = (...actions: string[]) => ({
  id: "p-allowlist",
  arn: `arn:aws:organizations::${MANAGEMENT}:policy/${ORG_ID}/service_control_policy/p-allowlist`,
  name: "AllowList",
  document: doc({ Effect: "Allow", Action: ["organizations:*", ...actions], Resource: "*" }),
});

/** Dev, IAM's delegated administrator, whose rooter may take members' root users, under an OU's allow-list. */
const dev = (ouAllows: string[], account = [full!, guard!]) =>
  snapshotWith({
    accountId: DEV,
    users: [
      user("rooter", {
        arn: `arn:aws:iam::${DEV}:user/rooter`,
        inlinePolicies: [
          {
            name: "p",
            document: doc({ Effect: "Allow", Action: ["sts:AssumeRoot", "organizations:*"], Resource: "*" }),
          },
        ],
      }),
    ],
    organization: {
      ...guarded,
      scpLevels: [
        { targetId: "r-ab12", policies: [full!] },
        { targetId: OU, policies: [allowList(...ouAllows)] },
        { targetId: DEV, policies: account },
      ],
    } as Snapshot["organization"],
  });

const rootPath = async (
  ouAllows: string[],
  delegated: object = { Action: "organizations:UpdatePolicy", Resource: guard!.arn },
  account = [full!, guard!],
) => {
  const report = await orgReportFixture(
    [snapshotWith({ accountId: PROD, organization: organizationWith() }), dev(ouAllows, account)],
    MANAGEMENT,
    undefined,
    undefined,
    delegatingToDev(delegated),
  );
  const path = report.crossAccountPaths.find((p) => p.id.startsWith(`arn:aws:iam::${DEV}:user/rooter`));
  assert.ok(path, JSON.stringify(report.crossAccountPaths));
  assert.deepEqual(
    path.blockedBy,
    account.includes(guard!) ? [guard!.arn] : ["no SCP allows sts:AssumeRoot"],
  );
  return path;
};

test("rewriting the denying SCP leaves a root-user path blocked by an allow-list without sts:AssumeRoot", async () => {
  const path = await rootPath(["sts:AssumeRole"]);
  assert.equal(path.liftsBlock, undefined);
});

test("it lifts the path where the allow-list names sts:AssumeRoot", async () => {
  const path = await rootPath(["sts:AssumeRoot"]);
  assert.equal(path.liftsBlock, "organizations:UpdatePolicy");
});

// No SCP denies it, but the OU's allow-list leaves sts:AssumeRoot out: attaching FullAWSAccess there lifts it.
test("a root-user path no SCP allows is lifted by a caller that may attach FullAWSAccess to the level", async () => {
  const attach = { Action: "organizations:AttachPolicy", Resource: "*" };
  assert.equal(
    (await rootPath(["sts:AssumeRole"], attach, [full!])).liftsBlock,
    "organizations:AttachPolicy",
  );
  const none = { Action: "organizations:DescribePolicy", Resource: "*" };
  assert.equal((await rootPath(["sts:AssumeRole"], none, [full!])).liftsBlock, undefined);
});
