import assert from "node:assert/strict";
import { test } from "node:test";
import { readOfflineSnapshot } from "../../../../core/engine/snapshot/offline.js";
import { ACCOUNT } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, pathIds, run } from "./fixture.js";

/**
 * SetDefaultPolicyVersion "sets the specified version of the specified policy as the policy's
 * default (operative) version": with no other version there is nothing to switch to.
 * GetAccountAuthorizationDetails lists every version of each managed policy (ManagedPolicyDetail's
 * PolicyVersionList), so a policy it lists with the default alone gives no such path.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_SetDefaultPolicyVersion.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_ManagedPolicyDetail.html
 */
const POLICY = `arn:aws:iam::${ACCOUNT}:policy/app`;
const DEV = `arn:aws:iam::${ACCOUNT}:user/dev`;
const statement = (action: string, resource: string) => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: action, Resource: resource }],
});

/** An account whose user `dev` may switch the default version of `app`, its own policy, listed with `versionIds`. */
function gaad(versionIds: string[]) {
  const document = statement("iam:SetDefaultPolicyVersion", POLICY);
  return {
    UserDetailList: [
      {
        Path: "/",
        UserName: "dev",
        UserId: "AIDADEV",
        Arn: DEV,
        CreateDate: "2024-01-02T03:04:05Z",
        GroupList: [],
        AttachedManagedPolicies: [{ PolicyName: "app", PolicyArn: POLICY }],
        UserPolicyList: [],
        Tags: [],
      },
    ],
    GroupDetailList: [],
    RoleDetailList: [],
    Policies: [
      {
        PolicyName: "app",
        PolicyId: "ANPAAPP",
        Arn: POLICY,
        Path: "/",
        DefaultVersionId: "v1",
        AttachmentCount: 1,
        IsAttachable: true,
        CreateDate: "2024-01-02T03:04:05Z",
        UpdateDate: "2024-01-02T03:04:05Z",
        PolicyVersionList: versionIds.map((id) => ({
          Document: id === "v1" ? document : statement("s3:GetObject", "*"),
          VersionId: id,
          IsDefaultVersion: id === "v1",
          CreateDate: "2024-01-02T03:04:05Z",
        })),
      },
    ],
  };
}

const escalation = (versionIds: string[]) => {
  const snapshot = readOfflineSnapshot({
    snapshot: { file: "gaad.json", text: JSON.stringify(gaad(versionIds)) },
    collectedAt: new Date("2026-01-01T00:00:00Z"),
  });
  return findingsOf(run(snapshot), "privilege-escalation", DEV)[0];
};

test("switching the default version of an own policy listed with its default version alone is no path", () => {
  assert.equal(escalation(["v1"]), undefined);
});

test("switching the default version of an own policy listed with another version stays a path", () => {
  assert.deepEqual(pathIds(escalation(["v1", "v2"])), ["whittle-policy-version-rollback"]);
});
