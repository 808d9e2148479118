import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { ACCOUNT, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, pathIds, policyArn, run } from "./fixture.js";

/**
 * A principal whose permissions boundary lets it delete or replace that boundary gets everything
 * its own policies allow: "Deleting the permissions boundary for a user might increase its
 * permissions by allowing the user to perform all the actions granted in its permissions policies"
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUserPermissionsBoundary.html).
 */
const ADMIN = doc({ Effect: "Allow", Action: "*", Resource: "*" });
const boundary = (...actions: string[]) =>
  doc({ Effect: "Allow", Action: ["s3:*", ...actions], Resource: "*" });
const escalation = (snapshot: Parameters<typeof run>[0], arn: string) =>
  findingsOf(run(snapshot), "privilege-escalation", arn)[0];
const bounded = (extra: object = {}) =>
  user("dev", {
    attachedPolicyArns: [policyArn("admin")],
    permissionsBoundaryArn: policyArn("fence"),
    ...extra,
  });

describe("privilege-escalation out of a permissions boundary", () => {
  test("a user allowed to delete its own boundary escapes it", () => {
    const dev = bounded();
    const snapshot = snapshotWith({
      users: [dev],
      managedPolicies: {
        ...managed("admin", ADMIN),
        ...managed("fence", boundary("iam:DeleteUserPermissionsBoundary")),
      },
    });
    const finding = escalation(snapshot, dev.arn);
    assert.deepEqual(pathIds(finding), ["whittle-delete-own-user-boundary"]);
    assert.equal(finding?.severity, "high");
  });

  test("a user allowed to put another boundary on itself escapes it", () => {
    const dev = bounded();
    const snapshot = snapshotWith({
      users: [dev],
      managedPolicies: {
        ...managed("admin", ADMIN),
        ...managed("fence", boundary("iam:PutUserPermissionsBoundary")),
      },
    });
    assert.deepEqual(pathIds(escalation(snapshot, dev.arn)), ["whittle-replace-own-user-boundary"]);
  });

  test("a role allowed to delete its own boundary escapes it", () => {
    const app = role("app", {
      attachedPolicyArns: [policyArn("admin")],
      permissionsBoundaryArn: policyArn("fence"),
    });
    const snapshot = snapshotWith({
      roles: [app],
      managedPolicies: {
        ...managed("admin", ADMIN),
        ...managed("fence", boundary("iam:DeleteRolePermissionsBoundary")),
      },
    });
    assert.deepEqual(pathIds(escalation(snapshot, app.arn)), ["whittle-delete-own-role-boundary"]);
  });

  test("a boundary that keeps nothing back is no path", () => {
    const dev = user("dev", {
      attachedPolicyArns: [policyArn("own")],
      permissionsBoundaryArn: policyArn("fence"),
    });
    const snapshot = snapshotWith({
      users: [dev],
      managedPolicies: {
        ...managed("own", boundary("iam:DeleteUserPermissionsBoundary")),
        ...managed("fence", ADMIN),
      },
    });
    assert.equal(escalation(snapshot, dev.arn), undefined);
  });

  test("deleting another user's boundary is not this path, and a Deny of it closes it", () => {
    const other = doc(
      { Effect: "Allow", Action: "s3:*", Resource: "*" },
      {
        Effect: "Allow",
        Action: "iam:DeleteUserPermissionsBoundary",
        Resource: `arn:aws:iam::${ACCOUNT}:user/other`,
      },
    );
    const guard = doc(
      { Effect: "Allow", Action: ["s3:*", "iam:DeleteUserPermissionsBoundary"], Resource: "*" },
      { Effect: "Deny", Action: "iam:DeleteUserPermissionsBoundary", Resource: "*" },
    );
    for (const fence of [other, guard]) {
      const dev = bounded();
      const snapshot = snapshotWith({
        users: [dev],
        managedPolicies: { ...managed("admin", ADMIN), ...managed("fence", fence) },
      });
      assert.equal(escalation(snapshot, dev.arn), undefined);
    }
  });
});

describe("a grant to itself under a permissions boundary", () => {
  // The boundary caps every policy the principal is given: a grant adds only what it leaves room for.
  const selfGrant = (room: string[]) => {
    const own = doc({ Effect: "Allow", Action: ["s3:*", "iam:PutUserPolicy"], Resource: "*" });
    const dev = user("dev", {
      inlinePolicies: [{ name: "own", document: own }],
      permissionsBoundaryArn: policyArn("fence"),
    });
    const snapshot = snapshotWith({
      users: [dev],
      managedPolicies: managed(
        "fence",
        doc({ Effect: "Allow", Action: ["s3:*", "iam:PutUserPolicy", ...room], Resource: "*" }),
      ),
    });
    return escalation(snapshot, dev.arn);
  };

  test("gives nothing when the boundary allows no more than the principal already has", () => {
    assert.equal(selfGrant([]), undefined);
  });

  test("is a path when the boundary leaves room", () => {
    assert.deepEqual(pathIds(selfGrant(["ec2:*"])), ["iam-007"]);
  });
});

describe("privilege-escalation through another principal's permissions boundary", () => {
  const READ = doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" });
  const boxed = (boundaryPolicy = "read") =>
    role("boxed", {
      trustPolicy: {
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sts:AssumeRole" },
        ],
      },
      attachedPolicyArns: [policyArn("admin")],
      permissionsBoundaryArn: policyArn(boundaryPolicy),
    });
  const account = (actions: string[], target = boxed()) => {
    const dev = user("dev", { attachedPolicyArns: [policyArn("dev")] });
    const snapshot = snapshotWith({
      users: [dev],
      roles: [target],
      managedPolicies: {
        ...managed("admin", ADMIN),
        ...managed("read", READ),
        ...managed("dev", doc({ Effect: "Allow", Action: actions, Resource: target.arn })),
      },
    });
    return pathIds(escalation(snapshot, dev.arn));
  };

  test("a role the caller may assume, held back only by its boundary, is escaped by deleting or replacing it", () => {
    assert.deepEqual(account(["sts:AssumeRole", "iam:DeleteRolePermissionsBoundary"]), [
      "whittle-delete-assumable-role-boundary",
    ]);
    assert.deepEqual(account(["sts:AssumeRole", "iam:PutRolePermissionsBoundary"]), [
      "whittle-replace-assumable-role-boundary",
    ]);
  });

  test("not when the caller cannot assume the role, or the boundary keeps nothing back", () => {
    assert.deepEqual(account(["iam:DeleteRolePermissionsBoundary"]), []);
    // Assuming it already gives administrator rights (a chain, not a path): nothing to escape.
    const open = account(["sts:AssumeRole", "iam:DeleteRolePermissionsBoundary"], boxed("admin"));
    assert.deepEqual(open, []);
  });
});
