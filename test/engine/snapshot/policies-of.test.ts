import assert from "node:assert/strict";
import { test } from "node:test";
import { policiesOf } from "../../../core/engine/snapshot/policies-of.js";
import { ACCOUNT, allowDoc, group, role, snapshotWith, user } from "../../helpers/snapshot-fixture.js";

const managed = (name: string, action: string) => ({
  arn: `arn:aws:iam::${ACCOUNT}:policy/${name}`,
  name,
  isAwsManaged: false,
  defaultVersionId: "v1",
  document: allowDoc(action),
});

const readOnly = managed("ReadOnly", "s3:Get*");
const boundary = managed("Boundary", "s3:*");
const devs = group("devs", {
  attachedPolicyArns: [readOnly.arn],
  inlinePolicies: [{ name: "logs", document: allowDoc("logs:*") }],
});
const alice = user("alice", {
  groups: ["devs"],
  inlinePolicies: [{ name: "own", document: allowDoc("sqs:SendMessage") }],
  attachedPolicyArns: [readOnly.arn],
  permissionsBoundaryArn: boundary.arn,
});
const snapshot = snapshotWith({
  users: [alice],
  groups: [devs],
  roles: [role("app", { attachedPolicyArns: [`arn:aws:iam::${ACCOUNT}:policy/Gone`] })],
  managedPolicies: { [readOnly.arn]: readOnly, [boundary.arn]: boundary },
});

test("a user's policies include its own and, through each group, the group's inline and attached ones", () => {
  const policies = policiesOf(snapshot, alice.arn);
  assert.deepEqual(policies?.identity, [
    { source: `${alice.arn}#inline/own`, kind: "inline", document: allowDoc("sqs:SendMessage") },
    { source: readOnly.arn, kind: "managed", document: readOnly.document },
    { source: `${devs.arn}#inline/logs`, kind: "inline", via: devs.arn, document: allowDoc("logs:*") },
    { source: readOnly.arn, kind: "managed", via: devs.arn, document: readOnly.document },
  ]);
});

test("the permissions boundary is returned apart from the identity policies", () => {
  assert.deepEqual(policiesOf(snapshot, alice.arn)?.boundary, {
    source: boundary.arn,
    document: boundary.document,
  });
});

test("an attached policy the snapshot has no document for is listed as missing, not silently dropped", () => {
  const policies = policiesOf(snapshot, `arn:aws:iam::${ACCOUNT}:role/app`);
  assert.deepEqual(policies?.identity, []);
  assert.deepEqual(policies?.missing, [`arn:aws:iam::${ACCOUNT}:policy/Gone`]);
});

test("a group's own policies, and undefined for an unknown ARN", () => {
  assert.equal(policiesOf(snapshot, devs.arn)?.identity.length, 2);
  assert.equal(policiesOf(snapshot, `arn:aws:iam::${ACCOUNT}:user/nobody`), undefined);
});

test("the ARN index finds every principal of a large snapshot, and follows lists that change", () => {
  const roles = Array.from({ length: 500 }, (_, i) =>
    role(`r${i}`, { attachedPolicyArns: i % 2 ? [readOnly.arn] : [] }),
  );
  const big = snapshotWith({
    users: [alice],
    groups: [devs],
    roles,
    managedPolicies: { [readOnly.arn]: readOnly },
  });
  for (const [i, r] of roles.entries()) assert.equal(policiesOf(big, r.arn)?.identity.length, i % 2, r.arn);
  // A principal added after the first lookups is found, and a replaced list drops the old ones.
  big.roles.push(role("late", { attachedPolicyArns: [readOnly.arn] }));
  assert.equal(policiesOf(big, `arn:aws:iam::${ACCOUNT}:role/late`)?.identity.length, 1);
  big.roles = [role("only")];
  assert.equal(policiesOf(big, roles[1]!.arn), undefined);
  assert.deepEqual(policiesOf(big, `arn:aws:iam::${ACCOUNT}:role/only`)?.identity, []);
  assert.equal(policiesOf(big, alice.arn)?.identity.length, 4);
});
