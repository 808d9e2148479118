import assert from "node:assert/strict";
import { test } from "node:test";
import { SnapshotInputError } from "../../../core/engine/snapshot/errors.js";
import { readOfflineSnapshot } from "../../../core/engine/snapshot/offline.js";
import { serializeSnapshot } from "../../../core/engine/snapshot/serialize.js";
import { group, role, snapshotWith, user } from "../../helpers/snapshot-fixture.js";

const collectedAt = new Date("2026-01-01T00:00:00Z");
const read = (text: string) => readOfflineSnapshot({ snapshot: { file: "forged.json", text }, collectedAt });
const refused = (name: string) => (error: unknown) =>
  error instanceof SnapshotInputError &&
  error.file === "forged.json" &&
  error.message.includes(JSON.stringify(name));

const gaadRole = (attached: string) =>
  JSON.stringify({
    RoleDetailList: [
      {
        Path: "/",
        RoleName: "app",
        RoleId: "AROAAPP",
        Arn: "arn:aws:iam::111122223333:role/app",
        CreateDate: "2024-01-02T03:04:05Z",
        AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [] },
        AttachedManagedPolicies: [{ PolicyName: "x", PolicyArn: attached }],
      },
    ],
  });

// Found in a plain object by that name, `constructor` was Object itself: a policy read as known
// and granting nothing, where an unread one's grants are unknown and the audit stays on the safe side.
test("a principal naming a managed policy by something other than an ARN is an input error naming it", () => {
  for (const name of ["constructor", "toString", "__proto__"]) {
    assert.throws(() => read(gaadRole(name)), refused(name), name);
    const forged = snapshotWith({
      users: [user("ann", { permissionsBoundaryArn: name })],
      roles: [role("app", { attachedPolicyArns: [name] })],
    });
    assert.throws(() => read(serializeSnapshot(forged)), refused(name), name);
  }
});

test("policies named by ARN in any partition, AWS managed or the account's, are read", () => {
  const arns = [
    "arn:aws:iam::aws:policy/ReadOnlyAccess",
    "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    "arn:aws-cn:iam::111122223333:policy/team/app",
  ];
  for (const arn of arns) {
    const snapshot = read(gaadRole(arn));
    assert.deepEqual(snapshot.roles[0]!.attachedPolicyArns, [arn]);
    assert.ok(
      snapshot.warnings.some((w) => w.includes(arn)),
      "named as unread",
    );
  }
});

// Looked up by ARN in plain objects (credentials, last-accessed data), a user whose ARN is
// `toString` found Object.prototype's member: the audit ended in a TypeError, and `constructor`
// or `hasOwnProperty` the same.
test("a user, role or group whose ARN is no IAM ARN is an input error naming it", () => {
  const gaad = (arn: string) =>
    JSON.stringify({
      UserDetailList: [
        {
          Path: "/",
          UserName: "ann",
          UserId: "AIDAANN",
          Arn: arn,
          CreateDate: "2024-01-02T03:04:05Z",
          GroupList: [],
          AttachedManagedPolicies: [],
          UserPolicyList: [],
          Tags: [],
        },
      ],
    });
  for (const name of [
    "toString",
    "constructor",
    "__proto__",
    "hasOwnProperty",
    "arn:aws:s3:::bucket/user/x",
  ]) {
    assert.throws(() => read(gaad(name)), refused(name), name);
    for (const forged of [
      snapshotWith({ users: [user("ann", { arn: name })] }),
      snapshotWith({ roles: [role("app", { arn: name })] }),
      snapshotWith({ groups: [group("ops", { arn: name })] }),
    ])
      assert.throws(() => read(serializeSnapshot(forged)), refused(name), name);
  }
});

test("principals named by ARN in any partition and path are read", () => {
  const arns = [
    "arn:aws:iam::111122223333:user/ann",
    "arn:aws-us-gov:iam::111122223333:role/service-role/app",
    "arn:aws-cn:iam::111122223333:group/team/ops",
  ];
  const snapshot = read(
    serializeSnapshot(
      snapshotWith({
        users: [user("ann", { arn: arns[0] })],
        roles: [role("app", { arn: arns[1] })],
        groups: [group("ops", { arn: arns[2] })],
      }),
    ),
  );
  assert.deepEqual([snapshot.users[0]!.arn, snapshot.roles[0]!.arn, snapshot.groups[0]!.arn], arns);
});
