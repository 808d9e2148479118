import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { AccountPermissions } from "../../../core/engine/account/permissions.js";
import type { ActivityItem } from "../../../core/engine/activity/types.js";
import { makeContext } from "../../../core/engine/policy/context.js";
import type { PrincipalPermissions } from "../../../core/engine/policy/principal-permissions.js";
import { auditOf, eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { catalog } from "../../helpers/catalog.js";
import { managed } from "../../helpers/plan-fixture.js";
import { ACCOUNT, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// A role that read bucket "data" all window, and has long held s3:GetObject and s3:PutObject on
// bucket "old" without using them; a week ago a managed policy was attached granting some of the
// same actions again, narrower or otherwise written. A recent grant is kept as it is written: not
// widened to the older, unused form of the same action.
const own = {
  name: "own",
  document: {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject"],
        Resource: ["arn:aws:s3:::data/*", "arn:aws:s3:::old/*"],
      },
    ],
  },
};
const admin = {
  type: "IAMUser",
  arn: `arn:aws:iam::${ACCOUNT}:user/admin`,
  accountId: ACCOUNT,
  userName: "admin",
};
const logged = { activity: { loggedDataEvents: ["AWS::S3::Object"] } };

function audit(recent: unknown) {
  const policy = managed("recent", recent);
  const app = role("app", { inlinePolicies: [own], attachedPolicyArns: [policy.arn] });
  const read: ActivityItem = eventItem({
    eventSource: "s3.amazonaws.com",
    eventName: "GetObject",
    recipientAccountId: ACCOUNT,
    userIdentity: roleSession(app.arn, "app"),
    requestParameters: { bucketName: "data", key: "k" },
    resources: [{ ARN: "arn:aws:s3:::data/k" }, { ARN: "arn:aws:s3:::data" }],
  } as never);
  const attached: ActivityItem = eventItem({
    eventSource: "iam.amazonaws.com",
    eventName: "AttachRolePolicy",
    eventTime: "2026-05-25T00:00:00Z",
    recipientAccountId: ACCOUNT,
    userIdentity: admin,
    requestParameters: { roleName: "app", policyArn: policy.arn },
  } as never);
  return auditOf(
    snapshotWith({ roles: [app], managedPolicies: { [policy.arn]: policy } }),
    [read, attached],
    logged,
  ).then((report) => report.recommendations.find((r) => r.principalArn === app.arn));
}

/** The decision of a role holding only `documents`, for a call with these context values. */
function decide(
  documents: unknown[],
  action: string,
  resource: string,
  context: Record<string, string> = {},
) {
  const holder = snapshotWith({
    roles: [
      role("holder", { inlinePolicies: documents.map((document, i) => ({ name: `p${i}`, document })) }),
    ],
  });
  const permissions = new AccountPermissions(catalog, holder).of(`arn:aws:iam::${ACCOUNT}:role/holder`)!
    .permissions as PrincipalPermissions;
  return permissions.evaluate({
    action,
    resource,
    context: makeContext(context, true),
  }).decision;
}

describe("a recent grant is kept as written", () => {
  test("a grant through a VPC endpoint does not bring back the older unconditional grant it narrows", async () => {
    const rec = await audit({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: ["s3:GetObject", "s3:PutObject"],
          Resource: "arn:aws:s3:::old/*",
          Condition: { StringEquals: { "aws:SourceVpce": "vpce-1" } },
        },
      ],
    });
    assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
    const documents = rec!.policies.map((p) => p.document);
    const text = JSON.stringify(documents);
    for (const action of ["s3:GetObject", "s3:PutObject"]) {
      assert.equal(
        decide(documents, action, "arn:aws:s3:::old/x", { "aws:SourceVpce": "vpce-1" }),
        "Allow",
        text,
      );
      assert.notEqual(
        decide(documents, action, "arn:aws:s3:::old/x", { "aws:SourceVpce": "vpce-2" }),
        "Allow",
        text,
      );
    }
    assert.equal(decide(documents, "s3:GetObject", "arn:aws:s3:::data/k"), "Allow", text);
  });

  test("a grant written with NotResource is kept, and proven, as written", async () => {
    const rec = await audit({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], NotResource: "arn:aws:s3:::secret/*" },
      ],
    });
    assert.ok(rec, "a recommendation");
    assert.deepEqual(rec.checks, { withinCurrent: true, coversObserved: true }, "proven");
    const documents = rec.policies.map((p) => p.document);
    const text = JSON.stringify(documents);
    for (const action of ["s3:GetObject", "s3:PutObject"]) {
      assert.equal(decide(documents, action, "arn:aws:s3:::new/x"), "Allow", text);
      assert.notEqual(decide(documents, action, "arn:aws:s3:::secret/x"), "Allow", text);
    }
  });
});
